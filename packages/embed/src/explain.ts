import type { ConfigProblem } from '@cairn/core';
import type { Explained } from './diagnostics.js';
import { errorText } from './report.js';

/**
 * Where cairn-diagnostics.js is: beside cairn.js. `document.currentScript` is only set while
 * the script first runs, so it is read now; without it (cairn.js run some other way), the page.
 */
const base = (document.currentScript as HTMLScriptElement | null)?.src || document.baseURI;

let pending: Promise<{ explain(json: unknown): Explained }> | undefined;

/**
 * The full story of an invalid config, from cairn-diagnostics.js (imported on first use, once
 * per page). If that cannot be loaded within 10 s (404, CSP, offline, a CDN without CORS), the
 * `problems` `checkForm` found still say where: `steps[1].fields[0].type: invalid value
 * (details could not be loaded: …)`. Never throws.
 */
export async function explainConfig(json: unknown, problems: readonly ConfigProblem[]): Promise<Explained> {
  try {
    const loading = (pending ??= import(/* @vite-ignore */ new URL('cairn-diagnostics.js', base).href));
    loading.catch(() => (pending = undefined)); // a later broken form tries again
    const timeout = new Promise<never>((_, reject) => setTimeout(reject, 1e4, Error('no answer in 10 s')));
    const explained = (await Promise.race([loading, timeout])).explain(json);
    if (explained.errors[0]) return explained;
    throw Error('it found no problem');
  } catch (error) {
    const errors = problems.map(({ path, code }) => ({ path, code, message: code.replace(/_/g, ' ') }));
    const lines = errors.map((e) => `${e.path || '(root)'}: ${e.message}`);
    return { message: `${lines.join('\n')}${lines[1] ? '\n' : ' '}(details could not be loaded: ${errorText(error)})`, errors };
  }
}
