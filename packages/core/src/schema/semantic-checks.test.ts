import { describe, expect, test } from 'vitest';
import { parseForm, type ConfigError } from './parse-form.js';

/** Rules that need the whole form; each config here is structurally valid. */

type Field = Record<string, unknown>;
type Step = { id: string; when?: unknown; fields: Field[] };

const text = (id: string, extra: Field = {}): Field => ({ id, type: 'text', label: id, ...extra });
const select = (id: string, options: unknown[], extra: Field = {}): Field => ({ id, type: 'select', label: id, options, ...extra });

const formOf = (steps: Step[], extra: Record<string, unknown> = {}) => ({
  id: 'demo',
  version: 1,
  steps,
  submit: { endpoint: '/api/leads' },
  ...extra,
});
const oneStep = (...fields: Field[]) => formOf([{ id: 'one', fields }]);

const errorsOf = (json: unknown): ConfigError[] => {
  const result = parseForm(json);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
};
const expectOk = (json: unknown) => expect(parseForm(json)).toMatchObject({ ok: true });

describe('ids', () => {
  test('a field id used twice, in different steps, names both places', () => {
    const form = formOf([
      { id: 'a', fields: [text('name'), text('email')] },
      { id: 'b', fields: [text('email')] },
    ]);
    expect(errorsOf(form)).toEqual([
      {
        path: 'steps[1].fields[0].id',
        code: 'duplicate_field_id',
        message: "field id 'email' is also used at steps[0].fields[1]",
      },
    ]);
  });

  test('a field id used twice in one step', () => {
    expect(errorsOf(oneStep(text('x'), text('x'))).map((e) => [e.path, e.code])).toEqual([['steps[0].fields[1].id', 'duplicate_field_id']]);
  });

  test('a step id used twice', () => {
    const form = formOf([
      { id: 'about', fields: [text('a')] },
      { id: 'about', fields: [text('b')] },
    ]);
    expect(errorsOf(form)).toEqual([
      {
        path: 'steps[1].id',
        code: 'duplicate_step_id',
        message: "step id 'about' is also used at steps[0]",
      },
    ]);
  });

  test('a step and a field may share an id', () => {
    expectOk(formOf([{ id: 'company', fields: [text('company')] }]));
  });
});

describe('condition shape: exactly one of a comparison, all, any, not', () => {
  const conditionError = (when: unknown) => errorsOf(oneStep(text('a'), text('b', { when })));
  const W = 'steps[0].fields[1].when';
  const NEEDS = "it needs exactly one of: a fact ('field', 'profile', 'signal', 'email' or 'score') with one operator, 'all', 'any', 'not'";

  test.each([
    [{}, 'condition has nothing', NEEDS],
    [{ field: 'a' }, "condition has 'field'", 'add one operator: equals, notEquals, in, notIn, gt, gte, lt, lte, contains, exists'],
    [{ equals: 'x' }, "condition has 'equals'", NEEDS],
    [
      { field: 'a', equals: 'x', notEquals: 'y' },
      "condition has 'field', 'equals' and 'notEquals'",
      NEEDS,
    ],
    [
      { all: [{ field: 'a', exists: true }], any: [{ field: 'a', exists: true }] },
      "condition has 'all' and 'any'",
      NEEDS,
    ],
    [
      { field: 'a', exists: true, not: { field: 'a', equals: 'x' } },
      "condition has 'field', 'exists' and 'not'",
      NEEDS,
    ],
  ])('%j', (when, message, hint) => {
    expect(conditionError(when)).toEqual([{ path: W, code: 'invalid_condition', message, hint }]);
  });

  test('nested conditions are checked too, with their path', () => {
    expect(conditionError({ any: [{ field: 'a', exists: true }, { not: { field: 'a' } }] }).map((e) => e.path)).toEqual([
      `${W}.any[1].not`,
    ]);
  });

  test('an empty all or any', () => {
    expect(conditionError({ all: [] })).toEqual([
      { path: `${W}.all`, code: 'invalid_condition', message: "'all' is empty" },
    ]);
    expect(conditionError({ any: [] })[0]).toMatchObject({ path: `${W}.any`, code: 'invalid_condition' });
  });

  test('every operator, all, any and not are accepted on their own', () => {
    const ops = [
      { equals: 'x' },
      { notEquals: 1 },
      { in: ['x'] },
      { notIn: [true] },
      { gt: 1 },
      { gte: 1 },
      { lt: 1 },
      { lte: 1 },
      { contains: 'x' },
      { exists: false },
    ].map((op) => ({ field: 'a', ...op }));
    expectOk(oneStep(text('a'), text('b', { when: { all: ops } }), text('c', { when: { any: ops } }), text('d', { when: { not: ops[0] } })));
  });
});

describe('field references', () => {
  test('an unknown field, with a suggestion', () => {
    expect(errorsOf(oneStep(text('company_size'), text('b', { when: { field: 'company_sise', exists: true } })))).toEqual([
      {
        path: 'steps[0].fields[1].when.field',
        code: 'unknown_field',
        message: "unknown field 'company_sise'",
        hint: "did you mean 'company_size'?",
      },
    ]);
  });

  test('an unknown field, nothing close', () => {
    expect(errorsOf(oneStep(text('a'), text('b', { when: { field: 'budget', exists: true } })))[0]).toMatchObject({
      code: 'unknown_field',
      message: "unknown field 'budget'",
      hint: undefined,
    });
  });

  test("a field's condition that reads the field itself", () => {
    expect(errorsOf(oneStep(text('a', { when: { field: 'a', exists: true } })))).toEqual([
      {
        path: 'steps[0].fields[0].when.field',
        code: 'self_reference',
        message: "'a' depends on itself",
      },
    ]);
  });

  test('a field condition that reads a field of a later step', () => {
    const form = formOf([
      { id: 'one', fields: [text('a', { when: { field: 'b', exists: true } })] },
      { id: 'two', fields: [text('b')] },
    ]);
    expect(errorsOf(form)).toEqual([
      {
        path: 'steps[0].fields[0].when.field',
        code: 'forward_reference',
        message: "'b' is asked in a later step (steps[1].fields[0])",
        hint: 'conditions can only read earlier answers',
      },
    ]);
  });

  test('fields may read fields of the same or earlier steps', () => {
    expectOk(
      formOf([
        { id: 'one', fields: [text('a'), text('b', { when: { field: 'a', exists: true } })] },
        { id: 'two', fields: [text('c', { when: { all: [{ field: 'a', exists: true }, { field: 'b', exists: true }] } })] },
      ]),
    );
  });

  test("a step's condition that reads a field of the same step", () => {
    const form = formOf([
      { id: 'one', fields: [text('a')] },
      { id: 'two', when: { field: 'b', exists: true }, fields: [text('b')] },
    ]);
    expect(errorsOf(form)).toEqual([
      {
        path: 'steps[1].when.field',
        code: 'forward_reference',
        message: "'b' is asked in this step (steps[1].fields[0])",
        hint: 'conditions can only read earlier answers',
      },
    ]);
  });

  test("a step's condition that reads a field of a later step", () => {
    const form = formOf([
      { id: 'one', fields: [text('a')] },
      { id: 'two', when: { not: { field: 'c', exists: true } }, fields: [text('b')] },
      { id: 'three', fields: [text('c')] },
    ]);
    expect(errorsOf(form)).toEqual([
      expect.objectContaining({ path: 'steps[1].when.not.field', code: 'forward_reference', message: "'c' is asked in a later step (steps[2].fields[0])" }),
    ]);
  });

  test('a step condition on an earlier step is fine', () => {
    expectOk(formOf([{ id: 'one', fields: [text('a')] }, { id: 'two', when: { field: 'a', exists: true }, fields: [text('b')] }]));
  });
});

describe('cycles between field conditions in a step', () => {
  test('two fields that depend on each other', () => {
    const form = oneStep(text('a', { when: { field: 'b', exists: true } }), text('b', { when: { field: 'a', exists: true } }));
    expect(errorsOf(form)).toEqual([
      {
        path: 'steps[0].fields[1].when',
        code: 'condition_cycle',
        message: "circular conditions: 'a' → 'b' → 'a'",
      },
    ]);
  });

  test('a longer loop is reported once, through nested conditions', () => {
    const form = oneStep(
      text('x'),
      text('a', { when: { all: [{ field: 'x', exists: true }, { field: 'b', exists: true }] } }),
      text('b', { when: { not: { field: 'c', equals: 'y' } } }),
      text('c', { when: { any: [{ field: 'a', exists: true }] } }),
    );
    expect(errorsOf(form).map((e) => [e.path, e.code, e.message])).toEqual([
      ['steps[0].fields[3].when', 'condition_cycle', "circular conditions: 'a' → 'b' → 'c' → 'a'"],
    ]);
  });

  test('a chain without a loop is fine', () => {
    expectOk(oneStep(text('a'), text('b', { when: { field: 'a', exists: true } }), text('c', { when: { field: 'b', exists: true } })));
  });
});

describe('compared values are options of a choice field', () => {
  const size = select('size', ['1-49', '50-999', '1000+']);

  test('a typo in a compared value', () => {
    expect(errorsOf(oneStep(size, text('b', { when: { field: 'size', in: ['50-999', '1000 +'] } })))).toEqual([
      {
        path: 'steps[0].fields[1].when.in[1]',
        code: 'unknown_option_value',
        message: "'1000 +' is not an option of 'size'",
        hint: "did you mean '1000+'?",
      },
    ]);
  });

  test('a number against text options, nothing close', () => {
    expect(errorsOf(oneStep(size, text('b', { when: { field: 'size', equals: 5000 } })))).toEqual([
      {
        path: 'steps[0].fields[1].when.equals',
        code: 'unknown_option_value',
        message: "5000 is not an option of 'size'",
        hint: "use '1-49', '50-999' or '1000+'",
      },
    ]);
  });

  test('checkboxes with contains, object options', () => {
    const needs = { id: 'needs', type: 'checkboxes', label: 'Needs', options: [{ value: 'sso', label: 'SSO' }] };
    expectOk(oneStep(needs, text('b', { when: { field: 'needs', contains: 'sso' } })));
    expect(errorsOf(oneStep(needs, text('b', { when: { field: 'needs', contains: 'SSO' } })))[0]).toMatchObject({
      path: 'steps[0].fields[1].when.contains',
      code: 'unknown_option_value',
      hint: "did you mean 'sso'?",
    });
  });
});

describe('options', () => {
  test.each(['select', 'radio', 'checkboxes'])('%s without options', (type) => {
    expect(errorsOf(oneStep({ id: 'a', type, label: 'A' }))).toEqual([
      { path: 'steps[0].fields[0].options', code: 'missing_options', message: `${type} field needs options` },
    ]);
    expect(errorsOf(oneStep({ id: 'a', type, label: 'A', options: [] }))[0]).toMatchObject({ code: 'missing_options' });
  });

  test('duplicate option values, string or object', () => {
    expect(errorsOf(oneStep(select('a', ['x', 'y', { value: 'x', label: 'Another x' }])))).toEqual([
      {
        path: 'steps[0].fields[0].options[2]',
        code: 'duplicate_option',
        message: "option 'x' is also options[0]",
      },
    ]);
  });

  test('an option value with white space at its start or end (issue 14: it could never be submitted)', () => {
    expect(errorsOf(oneStep(select('a', ['Team ', { value: ' Scale', label: 'Scale' }, 'Mid size'])))).toEqual([
      {
        path: 'steps[0].fields[0].options[0]',
        code: 'untrimmed_option',
        message: 'option "Team " starts or ends with white space',
        hint: 'remove it: answers are stored without it, so this option could never be submitted',
      },
      {
        path: 'steps[0].fields[0].options[1].value',
        code: 'untrimmed_option',
        message: 'option " Scale" starts or ends with white space',
        hint: 'remove it: answers are stored without it, so this option could never be submitted',
      },
    ]);
  });

  test('options on a type that has none', () => {
    expect(errorsOf(oneStep(text('a', { options: ['x'] })))).toEqual([
      {
        path: 'steps[0].fields[0].options',
        code: 'unexpected_options',
        message: 'text field has no options',
        hint: "only 'select', 'radio' and 'checkboxes' do",
      },
    ]);
    expect(errorsOf(oneStep({ id: 'a', type: 'checkbox', label: 'A', options: ['x', 'y'] }))[0]).toMatchObject({
      code: 'unexpected_options',
      hint: "did you mean 'checkboxes'?",
    });
  });
});

describe('defaults', () => {
  test('a select default that is not an option', () => {
    expect(errorsOf(oneStep(select('a', ['Small', 'Large'], { default: 'large' })))).toEqual([
      {
        path: 'steps[0].fields[0].default',
        code: 'invalid_default',
        message: "default 'large' is not an option",
        hint: "did you mean 'Large'?",
      },
    ]);
  });

  test('a checkboxes default must be a list of options', () => {
    const field = { id: 'a', type: 'checkboxes', label: 'A', options: ['x', 'y'] };
    expectOk(oneStep({ ...field, default: ['x', 'y'] }));
    expect(errorsOf(oneStep({ ...field, default: ['x', 'z'] }))).toEqual([
      expect.objectContaining({ path: 'steps[0].fields[0].default[1]', code: 'invalid_default', message: "default 'z' is not an option" }),
    ]);
    expect(errorsOf(oneStep({ ...field, default: 'x' }))).toEqual([
      { path: 'steps[0].fields[0].default', code: 'invalid_default', message: 'default of checkboxes must be a list of option values' },
    ]);
  });

  test('a radio default is one value, not a list', () => {
    expect(errorsOf(oneStep({ id: 'a', type: 'radio', label: 'A', options: ['x'], default: ['x'] }))).toEqual([
      { path: 'steps[0].fields[0].default', code: 'invalid_default', message: 'default of radio must be one option value' },
    ]);
  });

  test('a consent box cannot be ticked in advance', () => {
    expectOk(oneStep({ id: 'c', type: 'consent', label: 'I agree', default: false }));
    expect(errorsOf(oneStep({ id: 'c', type: 'consent', label: 'I agree', default: true }))).toEqual([
      {
        path: 'steps[0].fields[0].default',
        code: 'invalid_default',
        message: 'consent must not be ticked in advance',
      },
    ]);
  });
});

describe('labels', () => {
  test('every field but hidden needs one', () => {
    expect(errorsOf(oneStep({ id: 'a', type: 'email' }))).toEqual([
      { path: 'steps[0].fields[0]', code: 'missing_label', message: 'email field needs a label' },
    ]);
    expectOk(oneStep(text('a'), { id: 'h', type: 'hidden' }));
  });

  test('consent too: the label is the consent text', () => {
    expect(errorsOf(oneStep({ id: 'c', type: 'consent', label: '  ' }))).toEqual([
      { path: 'steps[0].fields[0].label', code: 'missing_label', message: 'consent field needs a label' },
    ]);
  });
});

describe('validation rules', () => {
  test('min greater than max', () => {
    expect(errorsOf(oneStep(text('a', { min: 10, max: 2 })))).toEqual([
      { path: 'steps[0].fields[0].min', code: 'invalid_range', message: 'min (10) is greater than max (2)' },
    ]);
    expectOk(oneStep(text('a', { min: 2, max: 2 })));
  });

  test('a pattern that is not a regular expression', () => {
    const [error] = errorsOf(oneStep(text('a', { pattern: '[a-z' })));
    expect(error).toMatchObject({
      path: 'steps[0].fields[0].pattern',
      code: 'invalid_pattern',
      message: "'[a-z' is not a valid regular expression",
    });
    expect(error!.hint).toMatch(/unterminated character class/i);
    expectOk(oneStep(text('a', { pattern: '^[A-Z]{2}[0-9]+$' })));
  });
});

describe('URLs', () => {
  test.each(['https://hooks.example.com/leads?x=1', 'http://localhost:8787/leads', '/api/leads', './leads', '../leads'])(
    'endpoint %s is fine',
    (endpoint) => expectOk({ ...oneStep(text('a')), submit: { endpoint } }),
  );

  test.each(['hooks.example.com/leads', 'ftp://example.com/x', 'javascript:alert(1)', 'https://', 'leads', '/api/my leads'])(
    'endpoint %s is not',
    (endpoint) => {
      expect(errorsOf({ ...oneStep(text('a')), submit: { endpoint } })).toEqual([
        {
          path: 'submit.endpoint',
          code: 'invalid_endpoint',
          message: `'${endpoint}' is not an http(s) URL or a path`,
          hint: "use 'https://…' or a path starting with '/', './' or '../'",
        },
      ]);
    },
  );

  test.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,hi', '/thanks', 'example.com/thanks', ' https://example.com'])(
    'redirect %s is refused',
    (redirect) => {
      expect(errorsOf({ ...oneStep(text('a')), after: { redirect } })).toEqual([
        {
          path: 'after.redirect',
          code: 'invalid_redirect',
          message: `'${redirect}' is not an http(s) URL`,
          hint: "use a full address: 'https://…'",
        },
      ]);
    },
  );

  test('an absolute redirect is fine', () => {
    expectOk({ ...oneStep(text('a')), after: { redirect: 'https://example.com/thanks?from=demo#top' } });
  });
});

describe('profiling', () => {
  const fields = [text('email'), text('company'), select('company_size', ['1-49', '50+']), { id: 'src', type: 'hidden' }];
  const withProfiling = (profiling: Record<string, unknown>, list: Field[] = fields) => formOf([{ id: 'one', fields: list }], { profiling });

  test('a complete, valid profiling config', () => {
    expectOk(
      withProfiling({
        maxNewFields: 2,
        pool: ['company', 'company_size'],
        alwaysAsk: ['email'],
        refreshAfterDays: { company_size: 90 },
        skipKnown: false,
        consent: 'required',
        retentionDays: 180.5,
        migrate: { employees: 'company_size', org: 'company' },
        urlPrefill: ['email', 'src'],
        welcomeBack: { title: 'Welcome back!', message: 'Just confirm your email.' },
      }),
    );
    expectOk(withProfiling({ refreshAfterDays: 30 }));
  });

  test("consent: 'required' needs no consent field (Cairn.consent(true) grants it)", () => {
    expectOk(withProfiling({ consent: 'required' }));
  });

  test('pool, alwaysAsk and urlPrefill name fields, with a suggestion', () => {
    expect(errorsOf(withProfiling({ pool: ['company', 'compnay'], alwaysAsk: ['emial'], urlPrefill: ['nope'] }))).toEqual([
      { path: 'profiling.alwaysAsk[0]', code: 'unknown_field', message: "unknown field 'emial'", hint: "did you mean 'email'?" },
      { path: 'profiling.pool[1]', code: 'unknown_field', message: "unknown field 'compnay'", hint: "did you mean 'company'?" },
      { path: 'profiling.urlPrefill[0]', code: 'unknown_field', message: "unknown field 'nope'", hint: undefined },
    ]);
  });

  test('a field is in the pool or always asked, once', () => {
    expect(errorsOf(withProfiling({ pool: ['company', 'email', 'company'], alwaysAsk: ['email'] }))).toEqual([
      {
        path: 'profiling.alwaysAsk[0]',
        code: 'duplicate_field_id',
        message: "'email' is also listed at profiling.pool[1]",
        hint: 'list a field once: in pool (asked while unknown) or in alwaysAsk',
      },
      {
        path: 'profiling.pool[2]',
        code: 'duplicate_field_id',
        message: "'company' is also listed at profiling.pool[0]",
        hint: 'list a field once: in pool (asked while unknown) or in alwaysAsk',
      },
    ]);
    expectOk(withProfiling({ pool: ['company'], alwaysAsk: ['email'], urlPrefill: ['email', 'email'] }));
  });

  test.each([
    [{ maxNewFields: 0 }, 'profiling.maxNewFields', '0 is not a whole number of 1 or more', undefined],
    [{ maxNewFields: 1.5 }, 'profiling.maxNewFields', '1.5 is not a whole number of 1 or more', undefined],
    [{ retentionDays: 0 }, 'profiling.retentionDays', '0 is not a number of days', 'use a number greater than 0'],
    [{ refreshAfterDays: -7 }, 'profiling.refreshAfterDays', '-7 is not a number of days', 'use a number greater than 0'],
    [{ refreshAfterDays: { company: 0 } }, 'profiling.refreshAfterDays.company', '0 is not a number of days', 'use a number greater than 0'],
  ])('%j: out of range', (profiling, path, message, hint) => {
    expect(errorsOf(withProfiling(profiling))).toEqual([{ path, code: 'invalid_range', message, hint }]);
  });

  test('maxNewFields 1 and a fraction of a day are fine', () => {
    expectOk(withProfiling({ maxNewFields: 1, refreshAfterDays: 0.5 }));
  });

  test('refreshAfterDays by field names fields (keys that are not identifiers are quoted in the path)', () => {
    expect(errorsOf(withProfiling({ refreshAfterDays: { compnay: 30, 'company size': 1 } }))).toEqual([
      { path: 'profiling.refreshAfterDays.compnay', code: 'unknown_field', message: "unknown field 'compnay'", hint: "did you mean 'company'?" },
      { path: 'profiling.refreshAfterDays["company size"]', code: 'unknown_field', message: "unknown field 'company size'", hint: "did you mean 'company_size'?" },
    ]);
  });

  test('migrate moves answers to the profile key of a field', () => {
    const list = [...fields, text('org', { profile: 'organisation' })];
    expectOk(withProfiling({ migrate: { company_name: 'organisation' } }, list));
    expect(errorsOf(withProfiling({ migrate: { company_name: 'org', employees: 'company_sise' } }, list))).toEqual([
      {
        path: 'profiling.migrate.company_name',
        code: 'unknown_field',
        message: "'org' is not the profile key of any field",
        hint: "use 'email', 'company', 'company_size', 'src' or 'organisation'",
      },
      {
        path: 'profiling.migrate.employees',
        code: 'unknown_field',
        message: "'company_sise' is not the profile key of any field",
        hint: "did you mean 'company_size'?",
      },
    ]);
  });

  test('fields that share a profile key share its type', () => {
    const steps = [
      { id: 'a', fields: [select('company_size', ['1-49', '50+'])] },
      { id: 'b', fields: [{ id: 'employees', type: 'number', label: 'Employees', profile: 'company_size' }, text('size_note', { profile: 'note' })] },
      { id: 'c', fields: [text('note'), select('size_again', ['1-49'], { profile: 'company_size' })] },
    ];
    expect(errorsOf(formOf(steps))).toEqual([
      {
        path: 'steps[1].fields[0].profile',
        code: 'invalid',
        message: "profile key 'company_size' is also used at steps[0].fields[0], by a select field",
        hint: 'a remembered select answer cannot fill a number field: give one of them its own profile key',
      },
    ]);
    // a field without `profile` is reported at its id (its default key)
    expect(errorsOf(formOf([{ id: 'a', fields: [text('x', { profile: 'seats' }), { id: 'seats', type: 'number', label: 'S' }] }]))).toMatchObject([
      { path: 'steps[0].fields[1].id', code: 'invalid' },
    ]);
  });

  test('a field id used twice is one error, not also a profile key conflict', () => {
    expect(errorsOf(oneStep(text('a'), { id: 'a', type: 'number', label: 'A' })).map((e) => e.code)).toEqual(['duplicate_field_id']);
  });

  test('profile keys and value sources are not empty', () => {
    expect(errorsOf(oneStep(text('a', { profile: '' }), { id: 'h', type: 'hidden', from: { url: '', cookie: 'c' } })).map((e) => [e.path, e.code])).toEqual([
      ['steps[0].fields[0].profile', 'too_small'],
      ['steps[0].fields[1].from.url', 'too_small'],
    ]);
  });

  test('the structure: unknown keys, consent modes, types', () => {
    expect(errorsOf(withProfiling({ maxNewField: 2, consent: 'yes', pool: 'company', welcomeBack: { titel: 'Hi' } })).map((e) => [e.path, e.code, e.hint])).toEqual([
      ['profiling.consent', 'invalid_value', "use 'none' or 'required'"],
      ['profiling.maxNewField', 'unknown_key', "did you mean 'maxNewFields'?"],
      ['profiling.pool', 'invalid_type', undefined],
      ['profiling.welcomeBack.titel', 'unknown_key', "did you mean 'title'?"],
    ]);
  });
});
