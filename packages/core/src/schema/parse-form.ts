import { byPath, configError, formatPath, type ConfigError } from './config-error.js';
import { FormSchema, type FormConfig } from './form-schema.js';
import { issuesToErrors } from './issue-messages.js';
import { jsonError } from './json-error.js';
import { problemToError } from './problem-messages.js';
import { semanticProblems } from './semantic-checks.js';

export { formatConfigErrors } from './config-error.js';
export type { ConfigError, ConfigErrorCode } from './config-error.js';

/** How deep objects and arrays may nest in a config (a real one nests about 10 levels). */
export const MAX_DEPTH = 64;

/**
 * The path of the first value nested deeper than `max`, or undefined; iterative (no stack to
 * overflow). An object that contains itself (not JSON: a config built in code) is left to the
 * parser, which says it cannot read it.
 */
function deepestPath(root: unknown, max: number): string | undefined {
  const stack: [unknown, (string | number)[], unknown[]][] = [[root, [], []]];
  while (stack.length) {
    const [value, path, above] = stack.pop()!;
    if (!value || typeof value != 'object') continue;
    if (path.length >= max) return above.includes(value) ? undefined : formatPath(path);
    for (const [key, child] of Object.entries(value)) stack.push([child, [...path, Array.isArray(value) ? Number(key) : key], [...above, value]]);
  }
  return undefined;
}

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
    // Before anything walks it recursively (a 1,000-deep `not` overflowed the script tag's check)
    const deep = deepestPath(json, MAX_DEPTH);
    if (deep !== undefined)
      return { ok: false, errors: [configError(deep, 'too_deep', `the config nests more than ${MAX_DEPTH} levels deep here`, 'conditions need only a few levels: flatten nested "not", "all" and "any"')] };
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
