import type { ConfigProblem } from '@cairn/core';
import type { Explained } from './entries/cairn-diagnostics.js';
import { errorText } from './report.js';
import { loadLater } from './later.js';

/**
 * The full story of an invalid config, from cairn-diagnostics.js (imported on first use, once
 * per page). If that cannot be loaded within 10 s (404, CSP, offline, a CDN without CORS), the
 * `problems` `checkForm` found still say where: `steps[1].fields[0].type: invalid value
 * (details could not be loaded: …)`. Never throws.
 */
export async function explainConfig(json: unknown, problems: readonly ConfigProblem[]): Promise<Explained> {
  try {
    const explained = (await loadLater<{ explain(json: unknown): Explained }>('cairn-diagnostics.js')).explain(json);
    if (explained.errors[0]) return explained;
    throw Error('it found no problem');
  } catch (error) {
    const errors = problems.map(({ path, code }) => ({ path, code, message: code.replace(/_/g, ' ') }));
    const lines = errors.map((e) => `${e.path || '(root)'}: ${e.message}`);
    return { message: `${lines.join('\n')}${lines[1] ? '\n' : ' '}(details could not be loaded: ${errorText(error)})`, errors };
  }
}
