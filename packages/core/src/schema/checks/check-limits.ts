import type { FormConfig } from '../form-schema.js';
import { normalizeOptions } from '../options.js';
import type { Report } from '../problem.js';

/**
 * How big a form may be (docs/config.md, "Limits"). Within them a form renders on a host page
 * without a long task over 200 ms (packages/embed/test/limits.browser.test.ts); past them it is
 * refused with the path and the number, before it is rendered (the script tag checks a config
 * over `QUICK_RENDER_CHARS` whole before showing it).
 */
export const LIMITS = {
  /** Characters in any one text of the config (a label, a description, an option…). */
  text: 10_000,
  /** Fields in the whole form. */
  fields: 500,
  /** Fields in one step. */
  stepFields: 100,
  /** Options shown by one step's fields together (a field's options count towards its step). */
  stepOptions: 1_000,
} as const;

/** A config whose JSON is longer is checked whole (limits included) before it is rendered. */
export const QUICK_RENDER_CHARS = 16_384;

/**
 * The size limits, and regular expressions that could freeze the page: run first, and when one
 * fails nothing else is checked (the other checks are linear in a form within the limits, not in
 * one ten times past them).
 */
export const checkLimits = (form: FormConfig, add: Report): void => {
  walkTexts(form, '', (path, length) => add(path, 'too_big', { what: 'text', size: length, max: LIMITS.text }));
  let total = 0;
  form.steps.forEach((step, i) => {
    const where = `steps[${i}].fields`;
    total += step.fields.length;
    if (step.fields.length > LIMITS.stepFields) add(where, 'too_big', { what: 'stepFields', size: step.fields.length, max: LIMITS.stepFields });
    let options = 0;
    step.fields.forEach((field, j) => {
      options += normalizeOptions(field.options).length;
      if (field.pattern !== undefined && repeatsRepetition(field.pattern)) add(`${where}[${j}].pattern`, 'unsafe_pattern', { value: field.pattern });
    });
    if (options > LIMITS.stepOptions) add(where, 'too_big', { what: 'stepOptions', size: options, max: LIMITS.stepOptions });
  });
  if (total > LIMITS.fields) add('steps', 'too_big', { what: 'fields', size: total, max: LIMITS.fields });
};

/** Calls `long` with the path of every string under `value` longer than `LIMITS.text` (iterative: any depth). */
function walkTexts(value: unknown, path: string, long: (path: string, length: number) => void): void {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v == 'string') {
      if (v.length > LIMITS.text) long(p, v.length);
    } else if (v && typeof v == 'object') {
      // (reversed onto the stack, so problems come out in the config's order)
      const entries = Object.entries(v).reverse();
      for (const [k, child] of entries) stack.push([child, Array.isArray(v) ? `${p}[${k}]` : p ? `${p}.${k}` : k]);
    }
  }
}

/**
 * Whether `pattern` repeats a part that itself repeats without bound — `(a+)+`, `(\w*)*`,
 * `(x+){3}` — the shape behind catastrophic backtracking: such a pattern can take seconds on a
 * 30-character answer. A heuristic (it does not see `(a|aa)+`), with no false alarm on the
 * patterns forms use: `^\d{5}(-\d{4})?$`, `^(\d{1,3}\.){3}\d{1,3}$`, `^[A-Z]{2}\d+$`.
 */
export function repeatsRepetition(pattern: string): boolean {
  /** Per open group: whether something before it in its parent repeats without bound. */
  const groups: boolean[] = [];
  /** Whether something in the current group repeats without bound. */
  let inner = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c == '\\') i++;
    else if (c == '[') {
      // a class is one character: skip to its end (a `]` first in it, or escaped, is literal)
      for (i++, pattern[i] == ']' && i++; i < pattern.length && pattern[i] != ']'; i++) if (pattern[i] == '\\') i++;
    } else if (c == '(') {
      groups.push(inner);
      inner = false;
    } else if (c == ')') {
      if (inner && quantifier(pattern, i + 1) > 1) return true;
      inner = groups.pop()! || inner;
    } else if (quantifier(pattern, i) == Infinity) inner = true;
  }
  return false;
}

/** How many times the quantifier at `i` may repeat what precedes it (`+`, `*`, `{n,}`: Infinity; `{n,m}`: m), 0 if there is none. */
function quantifier(pattern: string, i: number): number {
  const c = pattern[i];
  if (c == '+' || c == '*') return Infinity;
  const m = c == '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) : null;
  return !m ? 0 : !m[2] ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
}
