import { shared } from './shared.js';

/**
 * Modules cairn.js loads after the form is interactive, from beside itself: they are not on
 * the landing page's critical path (the size budget counts only what comes before the form
 * is interactive). `document.currentScript` is set only while the script first runs, so the
 * base is read now; without it (cairn.js run some other way), the page.
 */
const base = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;

const loading = new Map<string, Promise<unknown>>();

/** Every chunk cairn.js loads later takes the modules cairn.js carries through `link` (src/link.ts). */
interface Linked {
  link(values: readonly unknown[]): void;
}

/**
 * `import()` a module that sits beside cairn.js, once per page. A failed load is forgotten so
 * the next call tries again (a visitor back online, a CDN hiccup). Rejects when it cannot load
 * within `timeoutMs`.
 */
export function loadLater<T>(file: string, timeoutMs = 1e4): Promise<T> {
  let pending = loading.get(file) as Promise<T> | undefined;
  if (!pending) {
    pending = (import(/* @vite-ignore */ new URL(file, base).href) as Promise<T & Linked>).then((module) => (module.link(shared), module));
    loading.set(file, pending);
    pending.catch(() => loading.delete(file));
  }
  const timeout = new Promise<never>((_, reject) => setTimeout(reject, timeoutMs, Error(`no answer in ${timeoutMs / 1e3} s`)));
  return Promise.race([pending, timeout]);
}
