import { describe, expect, expectTypeOf, test } from 'vitest';
import type { FormConfig } from './form-schema.js';
import { jsonErrorIndex } from './json-error.js';
import { formatConfigErrors, parseForm, type ConfigError } from './parse-form.js';

/** A realistic B2B form: contact → company → a step only enterprise leads see. */
const leadForm = {
  $schema: 'https://unpkg.com/@cairn/core/form.schema.json',
  id: 'demo_request',
  version: '2025-01',
  title: 'Book a demo',
  steps: [
    {
      id: 'contact',
      title: 'About you',
      fields: [
        { id: 'first_name', type: 'text', label: 'First name', required: true, max: 80 },
        { id: 'last_name', type: 'text', label: 'Last name', required: true, max: 80 },
        { id: 'email', type: 'email', label: 'Work email', required: true, placeholder: 'you@company.com' },
        { id: 'phone', type: 'tel', label: 'Phone', pattern: '^\\+?[0-9 ()-]{6,20}$', patternMessage: 'Digits only' },
        { id: 'utm_campaign', type: 'hidden' },
      ],
    },
    {
      id: 'company',
      title: 'Your company',
      fields: [
        { id: 'company', type: 'text', label: 'Company', required: true },
        {
          id: 'company_size',
          type: 'select',
          label: 'Company size',
          required: true,
          options: ['1-49', '50-249', '250-999', '1000-4999', '5000+'],
        },
        {
          id: 'role',
          type: 'radio',
          label: 'Your role',
          options: [
            { value: 'marketing', label: 'Marketing' },
            { value: 'sales', label: 'Sales' },
            { value: 'other', label: 'Something else' },
          ],
        },
        { id: 'role_other', type: 'text', label: 'Which role?', when: { field: 'role', equals: 'other' } },
      ],
    },
    {
      id: 'enterprise',
      title: 'A few more details',
      when: { field: 'company_size', in: ['1000-4999', '5000+'] },
      fields: [
        { id: 'seats', type: 'number', label: 'How many seats?', min: 1, max: 100000 },
        {
          id: 'needs',
          type: 'checkboxes',
          label: 'What do you need?',
          options: ['SSO', 'Audit log', 'SLA'],
          default: ['SSO'],
        },
        {
          id: 'sla_tier',
          type: 'select',
          label: 'SLA tier',
          options: ['99.9', '99.99'],
          when: { all: [{ field: 'needs', contains: 'SLA' }, { not: { field: 'seats', lt: 50 } }] },
        },
        { id: 'consent', type: 'consent', label: 'I agree to be contacted about Cairn.', required: true },
      ],
    },
  ],
  submit: { endpoint: 'https://hooks.example.com/leads', format: 'json', headers: { 'X-Source': 'cairn' } },
  after: { title: 'Thanks!', redirect: 'https://example.com/thanks' },
  labels: { next: 'Next', back: 'Back', submit: 'Book my demo' },
};

const errorsOf = (json: unknown): ConfigError[] => {
  const result = parseForm(json);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.errors;
};

describe('parseForm', () => {
  test('accepts a realistic three-step form and returns it typed', () => {
    const result = parseForm(leadForm);
    expect(result).toEqual({ ok: true, form: leadForm });
    expectTypeOf(result).toEqualTypeOf<{ ok: true; form: FormConfig } | { ok: false; errors: ConfigError[] }>();
    if (!result.ok) throw new Error('expected ok');
    expectTypeOf(result.form).toEqualTypeOf<FormConfig>();
    expect(result.form.steps[2]!.when).toEqual({ field: 'company_size', in: ['1000-4999', '5000+'] });
    expect(result.form.steps.map((s) => s.fields.length)).toEqual([5, 4, 4]);
  });

  test('accepts the same form as JSON text', () => {
    expect(parseForm(JSON.stringify(leadForm, null, 2))).toEqual({ ok: true, form: leadForm });
  });

  test('reports every error at once, ordered by path', () => {
    const steps = Array.from({ length: 11 }, (_, i) => ({ id: `s${i}`, fields: [{ id: `f${i}`, type: 'text', label: 'L' }] }));
    steps[10]!.fields[0]!.type = 'txt';
    steps[2]!.fields[0]!.label = 3 as never;
    const errors = errorsOf({ id: 'f', version: true, steps, submit: {}, extra: 1 });
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['extra', 'unknown_key'],
      ['steps[2].fields[0].label', 'invalid_type'],
      ['steps[10].fields[0].type', 'invalid_value'],
      ['version', 'invalid_type'],
    ]);
  });

  test('a submit with nowhere to send a lead: neither endpoint nor destinations', () => {
    for (const submit of [{}, { destinations: [] }, { headers: { a: 'b' } }]) {
      const errors = errorsOf({ ...structuredClone(leadForm), submit });
      expect(errors).toEqual([
        {
          path: 'submit',
          code: 'missing_destination',
          message: 'submit has nowhere to send a lead',
          hint: `add "endpoint": "https://…", or "destinations" (formats 'json', 'hubspot', 'salesforce' or 'custom': see docs/integrations.md)`,
        },
      ]);
    }
    expect(parseForm({ ...structuredClone(leadForm), submit: { destinations: [{ id: 'crm', format: 'custom', name: 'crm' }] } }).ok).toBe(true);
  });

  test('reports every semantic error at once, ordered by path', () => {
    const form = structuredClone(leadForm);
    Object.assign(form.steps[2]!.fields[0]!, { min: 5, max: 1 });
    form.steps[0]!.fields[1]!.id = 'first_name';
    form.after.redirect = 'javascript:alert(1)';
    expect(errorsOf(form).map((e) => [e.path, e.code])).toEqual([
      ['after.redirect', 'invalid_redirect'],
      ['steps[0].fields[1].id', 'duplicate_field_id'],
      ['steps[2].fields[0].min', 'invalid_range'],
    ]);
  });

  test.each([
    ['null', null, 'expected an object, got null'],
    ['an array', [], 'expected an object, got array'],
    ['a number', 42, 'expected an object, got number'],
    ['nothing', undefined, 'expected an object, got undefined'],
  ])('rejects %s at the root', (_, input, message) => {
    expect(errorsOf(input)).toEqual([{ path: '', code: 'invalid_type', message }]);
  });

  test('never throws, even on a config that refers to itself', () => {
    const when: Record<string, unknown> = { field: 'a', equals: 'x' };
    when.not = when;
    const form = { ...leadForm, steps: [{ id: 's', when, fields: [{ id: 'a', type: 'text', label: 'A' }] }] };
    const errors = errorsOf(form);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: '', code: 'invalid' });
    expect(errors[0]!.message).toMatch(/^could not read the config: /);
  });

  test('never throws when reading the config throws', () => {
    const form = {
      ...leadForm,
      get steps(): never {
        throw new Error('boom');
      },
    };
    expect(errorsOf(form)).toEqual([{ path: '', code: 'invalid', message: 'could not read the config: boom' }]);
  });
});

describe('JSON text', () => {
  test('a syntax error is one invalid_json error with its line and column', () => {
    const text = '{\n  "id": "demo",\n  "version": x\n}';
    expect(errorsOf(text)).toEqual([{ path: '', code: 'invalid_json', message: "invalid JSON at line 3, column 14: unexpected 'x'" }]);
  });

  test.each([
    ['a trailing comma', '{"id": "a",\n}', "invalid JSON at line 2, column 1: unexpected '}'", 'remove the comma before it'],
    ['a trailing comma in a list', '{"steps": [1, 2, ]}', "invalid JSON at line 1, column 18: unexpected ']'", 'remove the comma before it'],
    ['single quotes', "{'id': 'a'}", "invalid JSON at line 1, column 2: unexpected '''", 'JSON needs double quotes'],
    ['a comment', '{\n  // the id\n  "id": "a"}', "invalid JSON at line 2, column 3: unexpected '/'", 'JSON has no comments'],
    ['an unquoted key', '{"a": 1, id: "a"}', "invalid JSON at line 1, column 10: unexpected 'i'", 'put keys in double quotes'],
  ])('%s gets a hint', (_, text, message, hint) => {
    expect(errorsOf(text)).toEqual([{ path: '', code: 'invalid_json', message, hint }]);
  });

  test('a byte order mark at the start is fine', () => {
    expect(parseForm(`\uFEFF${JSON.stringify(leadForm)}`)).toMatchObject({ ok: true });
  });

  test('text nested too deep to scan still gets one error', () => {
    // the scanner runs out of stack here, so the engine's own message is used
    const deep = '['.repeat(200_000);
    expect(errorsOf(deep)).toEqual([{ path: '', code: 'invalid_json', message: expect.stringMatching(/^invalid JSON: \w/) }]);
  });

  test('text that ends too early', () => {
    expect(errorsOf('{"id": "a"')[0]!.message).toBe('invalid JSON at line 1, column 11: unexpected end of input');
    expect(errorsOf('')[0]!.message).toBe('invalid JSON at line 1, column 1: unexpected end of input');
  });

  test('the scanner agrees with JSON.parse on valid text and finds the first bad character', () => {
    for (const ok of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"], "b": {}} ', '"s"', '0']) {
      expect(() => JSON.parse(ok)).not.toThrow();
      expect(jsonErrorIndex(ok)).toBe(-1);
    }
    expect(jsonErrorIndex('{"a": "line\nbreak"}')).toBe(11); // raw newline inside a string
    expect(jsonErrorIndex('{"a": 01}')).toBe(7);
    expect(jsonErrorIndex('{"a": 1} x')).toBe(9);
    expect(jsonErrorIndex('{"a" 1}')).toBe(5);
    expect(jsonErrorIndex('[1 2]')).toBe(3);
  });
});

describe('formatConfigErrors', () => {
  const errors: ConfigError[] = [
    { path: '', code: 'missing_key', message: "missing 'submit'" },
    { path: 'steps[1].fields[0].type', code: 'invalid_value', message: "'emial' is not a field type", hint: "did you mean 'email'?" },
  ];

  test('one line per error: path, message, hint', () => {
    expect(formatConfigErrors(errors)).toBe(
      "(root): missing 'submit'\nsteps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?",
    );
  });

  test('prefixes every line with the source when given', () => {
    expect(formatConfigErrors(errors, 'forms/demo.json').split('\n')).toEqual([
      "forms/demo.json: (root): missing 'submit'",
      "forms/demo.json: steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?",
    ]);
  });

  test('formats what parseForm returns', () => {
    const form = structuredClone(leadForm);
    (form.steps[1]!.fields[0] as { type: string }).type = 'emial';
    expect(formatConfigErrors(errorsOf(form))).toBe("steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?");
  });

  test('no errors, no lines', () => {
    expect(formatConfigErrors([])).toBe('');
  });
});

describe('nesting (issue 14: a 1,000-deep `not` passed parseForm but broke the script tag’s check)', () => {
  const nested = (depth: number) => {
    let when: Record<string, unknown> = { field: 'a', exists: true };
    for (let i = 0; i < depth; i++) when = { not: when };
    return { id: 'd', version: 1, steps: [{ id: 's', fields: [{ id: 'a', type: 'text', label: 'A' }, { id: 'b', type: 'text', label: 'B', when }] }], submit: { endpoint: '/l' } };
  };

  test('a few levels are fine', () => {
    expect(parseForm(nested(20)).ok).toBe(true);
  });

  test.each([1_000, 100_000])('%i levels: one error naming where, never a stack overflow', (depth) => {
    const result = parseForm(nested(depth));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'too_deep', message: 'the config nests more than 64 levels deep here', hint: 'conditions need only a few levels: flatten nested "not", "all" and "any"' });
    expect(errors[0]!.path).toMatch(/^steps\[0\]\.fields\[1\]\.when(\.not)+$/);
  });
});
