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
  const shape = checkFormShape(json);
  return shape.ok ? checkFormSemantics(shape.form) : shape;
}

/**
 * The structural half of `checkForm`: every key, type and value where the
 * schema wants it — enough for the engine and the renderer to run without
 * tripping. The script tag renders once this holds and runs
 * `checkFormSemantics` from a module loaded right after (no lead is sent
 * before both hold), which keeps the rules that need the whole form off the
 * landing page's critical path.
 */
export function checkFormShape(json: unknown): CheckResult {
  return guarded(() => {
    if (typeof json === 'string') {
      try {
        json = JSON.parse(json.replace(/^\uFEFF/, '')); // as parseForm: editors on Windows may save a byte order mark
      } catch {
        return [{ path: '', code: 'invalid_json' }];
      }
    }
    return checkShape(json, FORM_SHAPE);
  }, () => json as FormConfig);
}

/** The other half of `checkForm`: rules that need the whole (structurally valid) form — ids, references, options. */
export function checkFormSemantics(form: FormConfig): CheckResult {
  return guarded(() => semanticProblems(form), () => form);
}

function guarded(find: () => ConfigProblem[], form: () => FormConfig): CheckResult {
  let problems: ConfigProblem[];
  try {
    problems = find();
    if (!problems.length) return { ok: true, form: form() };
  } catch {
    // e.g. an object that refers to itself, or a getter that throws (parseForm: the same code)
    problems = [{ path: '', code: 'invalid' }];
  }
  return { ok: false, problems: byPath(problems.map(({ path, code }) => ({ path, code }))) };
}
