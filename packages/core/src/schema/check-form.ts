import { byPath, type ConfigProblem } from './config-error.js';
import { checkShape } from './check-shape.js';
import type { FormConfig } from './form-schema.js';
import { LATER_SHAPE } from './generated/form-shape-later.generated.js';
import { FORM_SHAPE } from './generated/form-shape.generated.js';
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
  // both halves of the shape first, as parseForm reports every structural problem at once
  let form = json;
  const shape = guarded(() => {
    form = parsed(json);
    return form === INVALID_JSON ? [{ path: '', code: 'invalid_json' }] : [...checkShape(form, FORM_SHAPE), ...checkShape(form, LATER_SHAPE)];
  }, () => form as FormConfig);
  return shape.ok ? guarded(() => semanticProblems(shape.form), () => shape.form) : shape;
}

const INVALID_JSON = {};

/** The config object: `json` itself, or its text parsed (`INVALID_JSON` when it is not JSON). */
const parsed = (json: unknown): unknown => {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json.replace(/^\uFEFF/, '')); // as parseForm: editors on Windows may save a byte order mark
  } catch {
    return INVALID_JSON;
  }
};

/**
 * The structural half of `checkForm` that rendering needs: every key, type
 * and value where the schema wants it — enough for the engine and the
 * renderer to run without tripping — except the shape of `after`, `signals`
 * and `scoring`, which nothing rendered reads. The script tag renders once
 * this holds and runs `checkFormSemantics` from a module loaded right after
 * (no lead is sent before both hold), which keeps the rest off the landing
 * page's critical path.
 */
export function checkFormShape(json: unknown): CheckResult {
  return guarded(() => {
    json = parsed(json);
    return json === INVALID_JSON ? [{ path: '', code: 'invalid_json' }] : checkShape(json, FORM_SHAPE);
  }, () => json as FormConfig);
}

/**
 * The other half of `checkForm`, for a form `checkFormShape` passed: the shape
 * of `after`, `signals` and `scoring`, then (once that holds) the rules that
 * need the whole form — ids, references, options.
 */
export function checkFormSemantics(form: FormConfig): CheckResult {
  return checkFormLater(form, checkShape);
}

/**
 * `checkFormSemantics` with the shape walker passed in: the script tag's later chunk
 * uses the `checkShape` cairn.js already has instead of bundling a second copy.
 */
export function checkFormLater(form: FormConfig, walk: typeof checkShape): CheckResult {
  return guarded(() => {
    const shape = walk(form, LATER_SHAPE);
    return shape.length ? shape : semanticProblems(form);
  }, () => form);
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
