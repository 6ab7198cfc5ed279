import { byPath, configError, type ConfigError } from './config-error.js';
import { FormSchema, type FormConfig } from './form-schema.js';
import { issuesToErrors } from './issue-messages.js';
import { jsonError } from './json-error.js';
import { problemToError } from './problem-messages.js';
import { semanticProblems } from './semantic-checks.js';

export { formatConfigErrors } from './config-error.js';
export type { ConfigError, ConfigErrorCode } from './config-error.js';

export type ParseResult = { ok: true; form: FormConfig } | { ok: false; errors: ConfigError[] };

/**
 * Validates a form config (an object, or its JSON text) and returns the typed
 * form, or every error found, ordered by path. Never throws.
 *
 * Structure is checked first; the rules that need the whole form (unique ids,
 * conditions, options, URLs) run once the structure is valid.
 */
export function parseForm(json: unknown): ParseResult {
  let errors: ConfigError[];
  try {
    if (typeof json === 'string') {
      try {
        json = JSON.parse(json.replace(/^\uFEFF/, '')); // editors on Windows may save a byte order mark
      } catch (e) {
        return { ok: false, errors: [jsonError(json as string, (e as Error).message)] };
      }
    }
    const result = FormSchema.safeParse(json);
    if (result.success) {
      errors = semanticProblems(result.data).map(problemToError);
      if (!errors.length) return { ok: true, form: result.data };
    } else {
      errors = issuesToErrors(result.error.issues, json);
    }
  } catch (e) {
    // e.g. an object that refers to itself, or a getter that throws
    errors = [configError('', 'invalid', `could not read the config: ${String((e as Error)?.message ?? e)}`)];
  }
  return { ok: false, errors: byPath(errors) };
}
