/**
 * Where the chunks cairn.js loads later are (cairn-later.js, cairn-diagnostics.js; cairn-later.js
 * finds cairn-page-engine.js beside itself): a URL prefix, or none for "the default". Set by
 * `data-cairn-base` on the script tag, else by the first mount that passes `base` (chunks load
 * once per page, so the first one given wins).
 */
let base: string | undefined;

/** A folder URL, so `new URL(file, it)` lands inside it (a base given without its trailing slash). */
const folder = (url: string) => new URL(url.replace(/\/?$/, '/'), document.baseURI).href;

export const setChunkBase = (url?: string) => void (url && (base ??= folder(url)));

export const chunkBase = () => base;
