/**
 * The renderer's whole stylesheet, scoped by the shadow root it is adopted into.
 *
 * Theming: set any of these on the host element (or any ancestor) —
 * `--cairn-accent`, `--cairn-on-accent`, `--cairn-text`, `--cairn-muted`, `--cairn-bg`,
 * `--cairn-border`, `--cairn-error`, `--cairn-radius`, `--cairn-gap`, `--cairn-font`,
 * `--cairn-font-size`. Each is read once on `.cairn` into a private name,
 * `--cairn-private-*` (with its default as the fallback), so the page can theme
 * from anywhere and the rules below stay small.
 *
 * Class names and private properties are written out here and in the components;
 * the script-tag build shortens them to one letter (the map is ../mangle.json, the
 * plugin packages/embed/build/mangle-css-names.ts). A new class or private property
 * needs its entry in mangle.json.
 *
 * Why not `rem`: through a shadow root `rem` still follows the host page's
 * `html{font-size}`; everything here is in px or em. Font and colour are set on
 * `.cairn` (not on `:host`) because page rules that match the host element beat
 * `:host` rules; nothing on the page can match `.cairn`.
 */
export const cairnStyles =
  ':host{all:initial;display:block}' +
  '.cairn{' +
  '--cairn-private-accent:var(--cairn-accent,#1f5fd1);--cairn-private-on-accent:var(--cairn-on-accent,#fff);' +
  '--cairn-private-text:var(--cairn-text,#1b1f29);--cairn-private-muted:var(--cairn-muted,#4f5666);' +
  '--cairn-private-bg:var(--cairn-bg,#fff);--cairn-private-border:var(--cairn-border,#737a89);' +
  '--cairn-private-error:var(--cairn-error,#b42318);--cairn-private-radius:var(--cairn-radius,6px);' +
  '--cairn-private-gap:var(--cairn-gap,16px);' +
  'display:grid;gap:var(--cairn-private-gap);font:400 var(--cairn-font-size,16px)/1.5 var(--cairn-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);' +
  'color:var(--cairn-private-text);background:var(--cairn-private-bg);text-align:start;-webkit-text-size-adjust:100%}' +
  '*{box-sizing:border-box;margin:0;padding:0}' +
  'form,fieldset{display:grid;gap:var(--cairn-private-gap);border:0;min-width:0}' +
  'fieldset{gap:8px}' +
  'h2{font-size:1.375em;line-height:1.3;font-weight:700}' +
  'h2:focus{outline:0}' +
  '.cairn-hint,.cairn-description{color:var(--cairn-private-muted)}' +
  'label,legend{display:block;font-weight:600;margin-bottom:4px}' +
  '.cairn-choice{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:0}' +
  '.cairn-required{color:var(--cairn-private-error)}' +
  'input,select,textarea,button{font:inherit;color:inherit;letter-spacing:inherit}' +
  '.cairn-input{display:block;width:100%;padding:8px 12px;border:1px solid var(--cairn-private-border);' +
  'border-radius:var(--cairn-private-radius);background:var(--cairn-private-bg);min-height:2.75em}' +
  'textarea.cairn-input{min-height:6em;resize:vertical}' +
  '[type=checkbox],[type=radio]{flex:none;width:1.125em;height:1.125em;margin-top:.19em;accent-color:var(--cairn-private-accent)}' +
  // "Not you?": a button that looks like a link (before :focus-visible, which `all:unset` would otherwise undo)
  '.cairn-link-button{all:unset;color:var(--cairn-private-accent);text-decoration:underline;cursor:pointer}' +
  ':focus-visible{outline:2px solid var(--cairn-private-accent);outline-offset:2px}' +
  '[aria-invalid=true]{border-color:var(--cairn-private-error);outline-color:var(--cairn-private-error)}' +
  '.cairn-hint,.cairn-error{font-size:.875em;margin-top:4px}' +
  '.cairn-error{color:var(--cairn-private-error);font-weight:600}' +
  // the step's error summary: read by screen readers, not shown (each field shows its own)
  '.cairn-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  '.cairn-nav{display:flex;flex-wrap:wrap;gap:8px}' +
  'button{cursor:pointer;min-height:2.75em;padding:8px 20px;border:2px solid var(--cairn-private-accent);' +
  'border-radius:var(--cairn-private-radius);background:var(--cairn-private-accent);color:var(--cairn-private-on-accent);font-weight:600}' +
  'button[type=submit]{margin-inline-start:auto}' +
  '.cairn-secondary{background:var(--cairn-private-bg);color:var(--cairn-private-accent)}' +
  'button:disabled{opacity:.6;cursor:progress}' +
  '.cairn-progress{height:6px;border-radius:3px;background:#e4e7ec;' +
  'background:color-mix(in srgb,var(--cairn-private-border) 25%,var(--cairn-private-bg));overflow:hidden;margin-top:4px}' +
  '.cairn-progress i{display:block;height:100%;background:var(--cairn-private-accent);transition:width .3s}' +
  '.cairn-notice{display:grid;gap:8px;justify-items:start;padding:12px 16px;' +
  'border:2px solid var(--cairn-private-error);border-radius:var(--cairn-private-radius);color:var(--cairn-private-error)}' +
  '@media(prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}';
