import { importChunk } from './chunk-import.js';
import { shared } from './shared.js';

/**
 * Modules cairn.js loads after the form is interactive (where from: chunk-import.ts): they are
 * not on the landing page's critical path (the size budget counts only what comes before the
 * form is interactive).
 */
const loading = new Map<string, Promise<unknown>>();

/** Every chunk cairn.js loads later takes the modules cairn.js carries through `link` (src/link.ts). */
interface Linked {
  link(values: readonly unknown[]): void;
}

/**
 * `import()` a chunk, once per page. A failed load is forgotten so
 * the next call tries again (a visitor back online, a CDN hiccup). Rejects when it cannot load
 * within `timeoutMs`.
 */
export function loadLater<T>(file: string, timeoutMs = 1e4): Promise<T> {
  let pending = loading.get(file) as Promise<T> | undefined;
  if (!pending) {
    pending = (importChunk(file) as Promise<T & Linked>).then((module) => (module.link(shared), module));
    loading.set(file, pending);
    pending.catch(() => loading.delete(file));
  }
  return within(pending, timeoutMs);
}

/** `promise`, or a rejection "no answer in 10 s" when it has not settled by then: nothing Cairn waits for may hang a form. */
export const within = <T>(promise: Promise<T>, timeoutMs = 1e4): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(reject, timeoutMs, Error(`no answer in ${timeoutMs / 1e3} s`)))]);
