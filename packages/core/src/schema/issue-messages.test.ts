import { describe, expect, test } from 'vitest';
import { FIELD_TYPES } from './form-schema.js';
import { parseForm, type ConfigError } from './parse-form.js';

/** Structural errors, as parseForm reports them from zod's issues. */

const form = (field: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'demo',
  version: 1,
  steps: [{ id: 'one', fields: [{ id: 'q', type: 'text', label: 'Question', ...field }] }],
  submit: { endpoint: '/api/leads' },
  ...extra,
});

const errorsOf = (json: unknown): ConfigError[] => {
  const result = parseForm(json);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
};

const F = 'steps[0].fields[0]';

describe('unknown keys', () => {
  test('suggest the closest allowed key', () => {
    expect(errorsOf(form({ labl: 'Email' }))).toEqual([
      { path: `${F}.labl`, code: 'unknown_key', message: "unknown key 'labl'", hint: "did you mean 'label'?" },
    ]);
  });

  test('list the allowed keys when none is close', () => {
    const [error] = errorsOf(form({ colour: 'red' }));
    expect(error).toMatchObject({ path: `${F}.colour`, code: 'unknown_key', message: "unknown key 'colour'" });
    expect(error!.hint).toBe(
      'allowed keys: id, type, label, placeholder, help, required, options, min, max, pattern, patternMessage, when, default, profile, from',
    );
  });

  test('are read from the schema at every level', () => {
    const errors = errorsOf({
      ...form({ options: [{ value: 'a', label: 'A', lable: 'x' }], when: { field: 'x', equal: 'y' } }),
      titel: 'Demo',
      submit: { endpiont: '/x', endpoint: '/api' },
      labels: { nxt: 'Go' },
    });
    expect(errors.map((e) => [e.path, e.hint])).toEqual([
      ['labels.nxt', "did you mean 'next'?"],
      [`${F}.options[0].lable`, "did you mean 'label'?"],
      [`${F}.when.equal`, "did you mean 'equals'?"],
      ['submit.endpiont', "did you mean 'endpoint'?"],
      ['titel', "did you mean 'title'?"],
    ]);
  });

  test('inside nested conditions (recursive schema)', () => {
    expect(errorsOf(form({ when: { all: [{ not: { feild: 'x', exists: true } }] } }))).toEqual([
      { path: `${F}.when.all[0].not.feild`, code: 'unknown_key', message: "unknown key 'feild'", hint: "did you mean 'field'?" },
    ]);
  });

  test('each unknown key of one object is its own error', () => {
    expect(errorsOf(form({ labl: 'x', requird: true })).map((e) => e.message)).toEqual([
      "unknown key 'labl'",
      "unknown key 'requird'",
    ]);
  });
});

describe('wrong types', () => {
  test.each([
    [{ label: 42 }, `${F}.label`, 'expected a string, got number'],
    [{ required: 'yes' }, `${F}.required`, 'expected true/false, got string'],
    [{ min: '3' }, `${F}.min`, 'expected a number, got string'],
    [{ options: 'a,b' }, `${F}.options`, 'expected an array, got string'],
    [{ when: 'size > 5' }, `${F}.when`, 'expected an object, got string'],
    [{ label: null }, `${F}.label`, 'expected a string, got null'],
  ])('%j', (field, path, message) => {
    expect(errorsOf(form(field))).toEqual([{ path, code: 'invalid_type', message }]);
  });

  test('keys that are not identifiers are quoted in the path', () => {
    expect(errorsOf(form({}, { submit: { endpoint: '/x', headers: { 'X-Api-Key': 1 } } }))).toEqual([
      { path: 'submit.headers["X-Api-Key"]', code: 'invalid_type', message: 'expected a string, got number' },
    ]);
  });
});

describe('invalid enum values', () => {
  test('a close match is suggested', () => {
    expect(errorsOf(form({ type: 'emial' }))).toEqual([
      { path: `${F}.type`, code: 'invalid_value', message: "'emial' is not a field type", hint: "did you mean 'email'?" },
    ]);
  });

  test('otherwise every field type is listed', () => {
    expect(errorsOf(form({ type: 'dropdown' }))).toEqual([
      {
        path: `${F}.type`,
        code: 'invalid_value',
        message: "'dropdown' is not a field type",
        hint: `use ${FIELD_TYPES.slice(0, -1).map((t) => `'${t}'`).join(', ')} or 'consent'`,
      },
    ]);
  });

  test('other enums name their key', () => {
    expect(errorsOf(form({}, { submit: { endpoint: '/x', format: 'jsn' } }))).toEqual([
      { path: 'submit.format', code: 'invalid_value', message: "'jsn' is not a valid format", hint: "did you mean 'json'?" },
    ]);
  });

  test('a value that is not text is a type error listing the choices', () => {
    expect(errorsOf(form({}, { submit: { endpoint: '/x', format: 1 } }))).toEqual([
      { path: 'submit.format', code: 'invalid_type', message: "expected 'json', 'hubspot' or 'salesforce', got number" },
    ]);
  });
});

describe('missing keys', () => {
  test('point at the object that lacks them (in schema order at one path)', () => {
    const errors = errorsOf({ id: 'demo', steps: [{ fields: [{ id: 'q', label: 'Q' }] }] });
    expect(errors).toEqual([
      { path: '', code: 'missing_key', message: "missing 'version'" },
      { path: '', code: 'missing_key', message: "missing 'submit'" },
      { path: 'steps[0]', code: 'missing_key', message: "missing 'id'" },
      { path: 'steps[0].fields[0]', code: 'missing_key', message: "missing 'type'" },
    ]);
  });
});

describe('too few items', () => {
  test('a form without steps', () => {
    expect(errorsOf({ ...form({}), steps: [] })).toEqual([{ path: 'steps', code: 'too_small', message: 'needs at least one step' }]);
  });

  test('a step without fields', () => {
    expect(errorsOf({ ...form({}), steps: [{ id: 'one', fields: [] }] })).toEqual([
      { path: 'steps[0].fields', code: 'too_small', message: 'needs at least one field' },
    ]);
  });

  test('an empty endpoint', () => {
    expect(errorsOf(form({}, { submit: { endpoint: '' } }))).toEqual([
      { path: 'submit.endpoint', code: 'too_small', message: 'must not be empty' },
    ]);
  });
});

describe('ids', () => {
  test.each([
    ['company size', "e.g. 'company_size'"],
    ['1st-choice', "e.g. '_1st-choice'"],
    ['größe', "e.g. 'gr_e'"],
  ])('%j says which characters are allowed', (id, example) => {
    expect(errorsOf(form({ id }))).toEqual([
      {
        path: `${F}.id`,
        code: 'invalid_id',
        message: `'${id}' is not a valid id`,
        hint: `use letters, digits, '_', '-' and '.', starting with a letter or '_', ${example}`,
      },
    ]);
  });

  test('form and step ids follow the same rule', () => {
    const errors = errorsOf({ ...form({}), id: 'my form', steps: [{ id: 'step 1', fields: [{ id: 'q', type: 'text', label: 'Q' }] }] });
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['id', 'invalid_id'],
      ['steps[0].id', 'invalid_id'],
    ]);
  });
});

describe('unions, explained plainly', () => {
  test('a scalar of the wrong kind', () => {
    expect(errorsOf({ ...form({}), version: true })).toEqual([
      { path: 'version', code: 'invalid_type', message: 'expected a string or a number, got boolean' },
    ]);
  });

  test('a nested union lists every accepted kind', () => {
    expect(errorsOf(form({ default: {} }))).toEqual([
      { path: `${F}.default`, code: 'invalid_type', message: 'expected a string, a number, true/false or an array, got object' },
    ]);
  });

  test('the member that matched the kind explains the problem', () => {
    expect(errorsOf(form({ default: ['a', 1] }))).toEqual([
      { path: `${F}.default[1]`, code: 'invalid_type', message: 'expected a string, got number' },
    ]);
  });

  test('an option that is neither text nor an object shows both shapes', () => {
    expect(errorsOf(form({ type: 'select', options: ['a', 3] }))).toEqual([
      {
        path: `${F}.options[1]`,
        code: 'invalid_type',
        message: 'expected a string or an object, got number',
        hint: 'an option is "Label" or { "value": "…", "label": "…" }',
      },
    ]);
  });

  test('an option object without its label', () => {
    expect(errorsOf(form({ type: 'select', options: [{ value: 'a' }, { value: 2, label: 'B' }] }))).toEqual([
      { path: `${F}.options[0]`, code: 'missing_key', message: "missing 'label'" },
      { path: `${F}.options[1].value`, code: 'invalid_type', message: 'expected a string, got number' },
    ]);
  });
});

describe('operator values of the wrong kind', () => {
  const W = `${F}.when`;
  test.each([
    [{ field: 'x', in: 'a' }, 'in', "'in' needs an array, got string", 'use a list, e.g. ["a"]'],
    [{ field: 'x', notIn: 5 }, 'notIn', "'notIn' needs an array, got number", 'use a list, e.g. [5]'],
    [{ field: 'x', gt: '5' }, 'gt', "'gt' needs a number, got string", undefined],
    [{ field: 'x', exists: 'yes' }, 'exists', "'exists' needs true/false, got string", undefined],
    [
      { field: 'x', equals: ['a', 'b'] },
      'equals',
      "'equals' needs a string, a number or true/false, got array",
      "use 'in' to match any of several values",
    ],
  ])('%j', (when, op, message, hint) => {
    expect(errorsOf(form({ when }))).toEqual([
      hint
        ? { path: `${W}.${op}`, code: 'invalid_operator_value', message, hint }
        : { path: `${W}.${op}`, code: 'invalid_operator_value', message },
    ]);
  });

  test('also inside combinators', () => {
    expect(errorsOf(form({ when: { any: [{ field: 'x', lte: [1] }] } }))).toEqual([
      { path: `${W}.any[0].lte`, code: 'invalid_operator_value', message: "'lte' needs a number, got array" },
    ]);
  });

  test("'field' itself is a plain type error", () => {
    expect(errorsOf(form({ when: { field: 3, exists: true } }))).toEqual([
      { path: `${W}.field`, code: 'invalid_type', message: 'expected a string, got number' },
    ]);
  });
});
