import { byPath, type ConfigProblem } from './config-error.js';
import { checkShape } from './check-shape.js';
import type { FormConfig } from './form-schema.js';
import { FORM_SHAPE } from './form-shape.generated.js';
import { semanticProblems } from './semantic-checks.js';

export type { ConfigProblem } from './config-error.js';

export type CheckResult = { ok: true; form: FormConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * The verdict of `parseForm`, small enough for the script tag: is the config
 * (an object, or its JSON text) usable, and if not, where and which rule — the
 * same `path` and `code` pairs `parseForm` reports, without the words. Never
 * throws, never imports zod. Get the messages with `parseForm` when you need
 * to show them (it loads zod and the wording).
 *
 * `form` is the given object itself (or the parsed text), not a copy.
 */
export function checkForm(json: unknown): CheckResult {
  let problems: ConfigProblem[];
  try {
    if (typeof json === 'string') {
      try {
        json = JSON.parse(json.replace(/^\uFEFF/, '')); // as parseForm: editors on Windows may save a byte order mark
      } catch {
        return { ok: false, problems: [{ path: '', code: 'invalid_json' }] };
      }
    }
    // The descriptor's if/then/else rules (choice fields need options, fields
    // need labels) are for editors; the semantic checks state them (more
    // strictly), and, like parseForm, run only once the structure is valid.
    problems = checkShape(json, FORM_SHAPE).filter((p) => !p.data);
    if (!problems.length) {
      problems = semanticProblems(json as FormConfig);
      if (!problems.length) return { ok: true, form: json as FormConfig };
    }
  } catch {
    // e.g. an object that refers to itself, or a getter that throws (parseForm: the same code)
    problems = [{ path: '', code: 'invalid' }];
  }
  return { ok: false, problems: byPath(problems.map(({ path, code }) => ({ path, code }))) };
}
