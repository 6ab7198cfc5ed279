/**
 * The renderer's whole stylesheet, scoped by the shadow root it is adopted into.
 *
 * Theming: set any of these on the host element (or any ancestor) —
 * `--cairn-accent`, `--cairn-on-accent`, `--cairn-text`, `--cairn-muted`, `--cairn-bg`,
 * `--cairn-border`, `--cairn-error`, `--cairn-radius`, `--cairn-gap`, `--cairn-font`,
 * `--cairn-font-size`. Each is read once on `.cairn` into a short private name
 * (with its default as the fallback), so the page can theme from anywhere and
 * the rules below stay small.
 *
 * Why not `rem`: through a shadow root `rem` still follows the host page's
 * `html{font-size}`; everything here is in px or em. Font and colour are set on
 * `.cairn` (not on `:host`) because page rules that match the host element beat
 * `:host` rules; nothing on the page can match `.cairn`.
 */
export const cairnStyles =
  ':host{all:initial;display:block}' +
  '.cairn{--a:var(--cairn-accent,#1f5fd1);--o:var(--cairn-on-accent,#fff);--t:var(--cairn-text,#1b1f29);' +
  '--m:var(--cairn-muted,#4f5666);--b:var(--cairn-bg,#fff);--l:var(--cairn-border,#737a89);' +
  '--e:var(--cairn-error,#b42318);--r:var(--cairn-radius,6px);--g:var(--cairn-gap,16px);' +
  'display:grid;gap:var(--g);font:400 var(--cairn-font-size,16px)/1.5 var(--cairn-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);' +
  'color:var(--t);background:var(--b);text-align:start;-webkit-text-size-adjust:100%}' +
  '*{box-sizing:border-box;margin:0;padding:0}' +
  'form,fieldset{display:grid;gap:var(--g);border:0;min-width:0}' +
  'fieldset{gap:8px}' +
  'h2{font-size:1.375em;line-height:1.3;font-weight:700}' +
  'h2:focus{outline:0}' +
  '.h,.d{color:var(--m)}' +
  'label,legend{display:block;font-weight:600;margin-bottom:4px}' +
  '.c{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:0}' +
  '.q{color:var(--e)}' +
  'input,select,textarea,button{font:inherit;color:inherit;letter-spacing:inherit}' +
  '.i{display:block;width:100%;padding:8px 12px;border:1px solid var(--l);border-radius:var(--r);background:var(--b);min-height:2.75em}' +
  'textarea.i{min-height:6em;resize:vertical}' +
  '[type=checkbox],[type=radio]{flex:none;width:1.125em;height:1.125em;margin-top:.19em;accent-color:var(--a)}' +
  // "Not you?": a button that looks like a link (before :focus-visible, which `all:unset` would otherwise undo)
  '.k{all:unset;color:var(--a);text-decoration:underline;cursor:pointer}' +
  ':focus-visible{outline:2px solid var(--a);outline-offset:2px}' +
  '[aria-invalid=true]{border-color:var(--e);outline-color:var(--e)}' +
  '.h,.e{font-size:.875em;margin-top:4px}' +
  '.e{color:var(--e);font-weight:600}' +
  '.n{display:flex;flex-wrap:wrap;gap:8px}' +
  'button{cursor:pointer;min-height:2.75em;padding:8px 20px;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:var(--o);font-weight:600}' +
  'button[type=submit]{margin-inline-start:auto}' +
  '.s{background:var(--b);color:var(--a)}' +
  'button:disabled{opacity:.6;cursor:progress}' +
  '.p{height:6px;border-radius:3px;background:#e4e7ec;background:color-mix(in srgb,var(--l) 25%,var(--b));overflow:hidden;margin-top:4px}' +
  '.p i{display:block;height:100%;background:var(--a);transition:width .3s}' +
  '.x{display:grid;gap:8px;justify-items:start;padding:12px 16px;border:2px solid var(--e);border-radius:var(--r);color:var(--e)}' +
  '@media(prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}';
