// Size limits and patterns that could freeze the page (issue 14, point 4): refused with the path,
// the number and the fix, quickly, however far past the limits a config is.
import { describe, expect, it } from 'vitest';
import { parseForm } from './parse-form.js';
import { checkForm } from './check-form.js';
import { LIMITS, repeatsRepetition } from './checks/check-limits.js';
import type { FieldConfig, FormConfig } from './form-schema.js';

const form = (steps: FieldConfig[][]): FormConfig => ({
  id: 'big',
  version: 1,
  steps: steps.map((fields, i) => ({ id: `s${i}`, fields })),
  submit: { endpoint: 'https://example.com/leads' },
});
const texts = (n: number, from = 0): FieldConfig[] => Array.from({ length: n }, (_, i) => ({ id: `f${from + i}`, type: 'text', label: `Field ${from + i}` }));
const select = (id: string, n: number): FieldConfig => ({ id, type: 'select', label: id, options: Array.from({ length: n }, (_, k) => `option ${k}`) });

const errorsOf = (config: unknown) => {
  const result = parseForm(config);
  return result.ok ? [] : result.errors.map(({ path, code, message, hint }) => ({ path, code, message, hint }));
};

describe('limits', () => {
  it('a form at every limit passes', () => {
    const steps = [...Array.from({ length: LIMITS.fields / LIMITS.stepFields }, (_, s) => texts(LIMITS.stepFields, s * LIMITS.stepFields))];
    steps[0]![0] = select('f0', LIMITS.stepOptions);
    steps[0]![1] = { id: 'f1', type: 'textarea', label: 'x'.repeat(LIMITS.text) };
    expect(parseForm(form(steps)).ok).toBe(true);
    expect(checkForm(form(steps)).ok).toBe(true);
  });

  it('a 5 MB description: refused at its path, with its length', () => {
    const config = { ...form([texts(2)]), description: 'x'.repeat(5_000_000) };
    expect(errorsOf(config)).toEqual([
      {
        path: 'description',
        code: 'too_big',
        message: 'this text is 5,000,000 characters long: at most 10,000',
        hint: 'shorten it; a long text belongs on the page around the form',
      },
    ]);
  });

  it('a long option label deep in the form is named by its path', () => {
    const field: FieldConfig = { id: 'plan', type: 'radio', label: 'Plan', options: [{ value: 'a', label: 'y'.repeat(LIMITS.text + 1) }] };
    expect(errorsOf(form([texts(1), [field]]))).toMatchObject([{ path: 'steps[1].fields[0].options[0].label', code: 'too_big' }]);
  });

  it('2,500 fields in one step: the step and the form, each with the fix', () => {
    const errors = errorsOf(form([texts(2_500)]));
    expect(errors).toEqual([
      { path: 'steps', code: 'too_big', message: 'the form has 2,500 fields: at most 500', hint: 'split it into several forms' },
      { path: 'steps[0].fields', code: 'too_big', message: 'this step has 2,500 fields: at most 100', hint: 'move some fields to another step' },
    ]);
    expect(checkForm(form([texts(2_500)])).ok).toBe(false);
  });

  it('10,000 options in one field: the step, with the fix (and the duplicate check never runs on them)', () => {
    const errors = errorsOf(form([[select('country', 10_000)]]));
    expect(errors).toEqual([
      {
        path: 'steps[0].fields',
        code: 'too_big',
        message: "this step's fields have 10,000 options in all: at most 1,000",
        hint: 'move a field with many options to a step of its own, or offer fewer options',
      },
    ]);
  });
});

describe('patterns that could freeze the page', () => {
  it.each(['(a+)+', '^(a+)+$', '(\\w*)*', '((ab)+c)*', '(x+){3}', '([a-z]+\\s?)+$', '(a{2,})+'])('%s is refused', (pattern) => {
    expect(repeatsRepetition(pattern)).toBe(true);
  });

  it.each(['^\\d{5}(-\\d{4})?$', '^(\\d{1,3}\\.){3}\\d{1,3}$', '^[A-Z]{2}\\d+$', '^[^@]+@[^@]+\\.[a-z]{2,}$', '^(?:\\+?1[-. ]?)?\\(?\\d{3}\\)?[-. ]?\\d{3}[-. ]?\\d{4}$', '[(+)]+', '\\(a+\\)+', '(ab){2}'])(
    '%s is fine',
    (pattern) => {
      expect(repeatsRepetition(pattern)).toBe(false);
    },
  );

  it('a refused pattern is named at its path with the fix, in the script tag check too', () => {
    const config = form([[{ id: 'code', type: 'text', label: 'Code', pattern: '^(a+)+$' }]]);
    expect(errorsOf(config)).toEqual([
      {
        path: 'steps[0].fields[0].pattern',
        code: 'unsafe_pattern',
        message: "'^(a+)+$' repeats a part that itself repeats",
        hint: 'a pattern like (a+)+ can take seconds to check an answer and freeze the page: repeat the part once, e.g. (a+)+ → a+',
      },
    ]);
    expect(checkForm(config)).toMatchObject({ ok: false, problems: [{ path: 'steps[0].fields[0].pattern', code: 'unsafe_pattern' }] });
  });
});
