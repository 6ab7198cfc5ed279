import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CHOICE_TYPES, COMPARISON_OPERATORS, EMAIL_CLASSES, EMAIL_FACTS, FACT_KINDS, FIELD_TYPES, FormSchema, SCORE_FACTS, SUBMIT_FORMATS } from './form-schema.js';
import { FORM_SCHEMA_ID, formJsonSchema } from './json-schema.js';
import { parseForm } from './parse-form.js';

type Json = Record<string, any>;
const schema = formJsonSchema() as Json;
const defs = schema.$defs as Record<string, Json>;

test('the committed form.schema.json is up to date', () => {
  // a path, not a URL: under happy-dom, URL is not the one node:fs accepts
  const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../form.schema.json');
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // reported by the assertion below
  }
  expect(committed, 'form.schema.json is out of date: run `npm run schema`').toBe(`${JSON.stringify(formJsonSchema(), null, 2)}\n`);
});

describe('formJsonSchema', () => {
  test('is a draft 2020-12 schema with an id, title and description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(FORM_SCHEMA_ID);
    expect(schema.title).toBe('Cairn form');
    expect(schema.description).toMatch(/form config/);
  });

  test('reads like the zod schema', () => {
    expect(defs.Field!.properties.type.enum).toEqual(FIELD_TYPES);
    expect(defs.Submit!.properties.format.enum).toEqual(SUBMIT_FORMATS);
    expect(Object.keys(defs.Condition!.properties)).toEqual([...FACT_KINDS, ...COMPARISON_OPERATORS, 'all', 'any', 'not']);
    // email and score words are completions (examples), checked by the semantic checks
    expect(defs.Condition!.properties.score.examples).toEqual(SCORE_FACTS);
    expect(defs.Condition!.properties.email.examples).toEqual([...EMAIL_CLASSES, ...EMAIL_FACTS]);
    expect(schema.properties.after.anyOf).toEqual([{ $ref: '#/$defs/After' }, { type: 'array', items: { $ref: '#/$defs/After' } }]);
    expect(defs.Rule!.required).toEqual(['id', 'when', 'points', 'reason']);
    expect(schema.required).toEqual(['id', 'version', 'steps', 'submit']);
    expect(defs.Step!.required).toEqual(['id', 'fields']);
    expect(defs.Field!.required).toEqual(['id', 'type']);
    expect(defs.Field!.allOf[0].if.properties.type.enum).toEqual(CHOICE_TYPES);
    for (const s of [schema, ...Object.values(defs).filter((d) => d.type === 'object')]) expect(s.additionalProperties).toBe(false);
  });

  test('describes the properties an editor shows most', () => {
    for (const [props, keys] of [
      [schema.properties, ['id', 'version', 'steps', 'submit']],
      [defs.Step!.properties, ['id', 'when', 'fields']],
      [defs.Field!.properties, Object.keys(defs.Field!.properties)],
      [defs.Condition!.properties, Object.keys(defs.Condition!.properties)],
      [defs.Submit!.properties, ['endpoint', 'format']],
      [defs.After!.properties, ['redirect']],
      [schema.properties, ['profiling']],
      [defs.Profiling!.properties, Object.keys(defs.Profiling!.properties)],
      [defs.FieldSource!.properties, ['url', 'cookie']],
      [defs.WelcomeBack!.properties, ['title', 'message']],
      [schema.properties, ['after', 'signals', 'scoring']],
      [defs.After!.properties, Object.keys(defs.After!.properties)],
      [defs.Booking!.properties, ['url', 'params']],
      [defs.Signals!.properties, ['pages']],
      [defs.Scoring!.properties, Object.keys(defs.Scoring!.properties)],
      [defs.Rule!.properties, Object.keys(defs.Rule!.properties)],
      [defs.Route!.properties, Object.keys(defs.Route!.properties)],
    ] as const) {
      for (const key of keys) expect(props[key].description, key).toMatch(/\w/);
    }
  });

  test('returns a fresh object each call', () => {
    const a = formJsonSchema();
    a.title = 'changed';
    expect(formJsonSchema().title).toBe('Cairn form');
    const fresh = formJsonSchema() as Json;
    fresh.$defs.Field.properties.type.enum.push('changed');
    fresh.$defs.Field.allOf[0].if.properties.type.enum.push('changed');
    expect(FIELD_TYPES).not.toContain('changed');
    expect(CHOICE_TYPES).not.toContain('changed');
  });
});

/**
 * Just enough of JSON Schema to validate sample forms against the generated
 * schema; it refuses keywords it does not know, so it cannot pass by ignoring one.
 */
const KNOWN = new Set(['$schema', '$id', 'title', 'description', '$defs', '$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'minItems', 'minLength', 'pattern', 'anyOf', 'allOf', 'if', 'then', 'else']);
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const valid = (s: Json, v: any): boolean => {
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`unknown keyword ${k}`);
  if (s.$ref && !valid(defs[s.$ref.replace('#/$defs/', '')]!, v)) return false;
  if (s.type && ![s.type].flat().includes(typeOf(v))) return false;
  if (s.enum && !s.enum.includes(v)) return false;
  if ('const' in s && s.const !== v) return false;
  if (s.anyOf && !s.anyOf.some((x: Json) => valid(x, v))) return false;
  if (s.allOf && !s.allOf.every((x: Json) => valid(x, v))) return false;
  if (s.if && !(valid(s.if, v) ? !s.then || valid(s.then, v) : !s.else || valid(s.else, v))) return false;
  if (typeOf(v) === 'string') {
    if (s.minLength !== undefined && v.length < s.minLength) return false;
    if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) return false;
  }
  if (typeOf(v) === 'array') {
    if (s.minItems !== undefined && v.length < s.minItems) return false;
    if (s.items && !v.every((x: unknown) => valid(s.items, x))) return false;
  }
  if (typeOf(v) === 'object') {
    if (s.required && !s.required.every((k: string) => k in v)) return false;
    for (const [k, x] of Object.entries(v)) {
      const p = s.properties?.[k];
      if (p ? !valid(p, x) : s.additionalProperties !== undefined && !(s.additionalProperties !== false && valid(s.additionalProperties, x))) return false;
      if (s.propertyNames && !valid(s.propertyNames, k)) return false;
    }
  }
  return true;
};

describe('the JSON Schema and the zod schema agree on sample forms', () => {
  const field = { id: 'email', type: 'email', label: 'Email' };
  const base = { id: 'demo', version: 1, steps: [{ id: 'one', fields: [field] }], submit: { endpoint: '/api' } };
  const withField = (f: Json) => ({ ...base, steps: [{ id: 'one', fields: [f] }] });
  const samples: [string, unknown][] = [
    ['minimal', base],
    [
      'rich',
      {
        ...base,
        $schema: FORM_SCHEMA_ID,
        version: '2',
        steps: [
          { id: 'one', fields: [field, { id: 'size', type: 'select', label: 'Size', options: ['1-49', { value: '50+', label: '50 or more' }], default: '1-49' }] },
          { id: 'two', when: { any: [{ field: 'size', in: ['50+'] }, { not: { field: 'email', exists: false } }] }, fields: [{ id: 'n', type: 'number', label: 'N', min: 1, max: 5 }] },
        ],
        submit: { endpoint: 'https://x.example/leads', format: 'hubspot', headers: { 'X-A': 'b' } },
        after: { message: 'Thanks', redirect: 'https://example.com' },
        labels: { next: 'Weiter' },
      },
    ],
    ['not an object', []],
    ['no steps', { ...base, steps: [] }],
    ['missing submit', { id: 'demo', version: 1, steps: base.steps }],
    ['unknown key', { ...base, titel: 'x' }],
    ['unknown field type', withField({ ...field, type: 'emial' })],
    ['bad id', withField({ ...field, id: 'e mail' })],
    ['bad version', { ...base, version: true }],
    ['bad option', withField({ id: 's', type: 'select', label: 'S', options: [{ value: 'a' }] })],
    ['bad default', withField({ ...field, default: [1] })],
    ['bad operator value', withField({ ...field, when: { field: 'x', in: 'a' } })],
    ['unknown key in a nested condition', withField({ ...field, when: { all: [{ not: { feild: 'x' } }] } })],
    ['bad header', { ...base, submit: { endpoint: '/x', headers: { a: 1 } } }],
    ['empty endpoint', { ...base, submit: { endpoint: '' } }],
    [
      'profiling',
      {
        ...withField({ ...field, profile: 'work_email', from: { url: 'e', cookie: 'c' } }),
        profiling: {
          maxNewFields: 2,
          pool: ['email'],
          alwaysAsk: [],
          refreshAfterDays: { email: 30 },
          skipKnown: false,
          consent: 'required',
          retentionDays: 90,
          migrate: { mail: 'work_email' },
          urlPrefill: ['email'],
          welcomeBack: { title: 'Hi again' },
        },
      },
    ],
    ['refreshAfterDays for every field', { ...base, profiling: { refreshAfterDays: 30 } }],
    ['refreshAfterDays of the wrong type', { ...base, profiling: { refreshAfterDays: { email: '30' } } }],
    ['an unknown consent mode', { ...base, profiling: { consent: 'opt-in' } }],
    ['an unknown profiling key', { ...base, profiling: { maxNewField: 3 } }],
    ['an empty profile key', withField({ ...field, profile: '' })],
    ['an unknown value source', withField({ ...field, from: { query: 'e' } })],
  ];

  test.each(samples)('%s', (_, sample) => {
    expect(valid(schema, sample)).toBe(FormSchema.safeParse(sample).success);
  });

  test('the samples include both outcomes', () => {
    const outcomes = samples.map(([, s]) => FormSchema.safeParse(s).success);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  test.each([
    ['a select without options', withField({ id: 's', type: 'select', label: 'S' })],
    ['a select with no options', withField({ id: 's', type: 'select', label: 'S', options: [] })],
    ['a field without a label', withField({ id: 'e', type: 'email' })],
  ])('the editor already flags %s, like parseForm', (_, sample) => {
    expect(valid(schema, sample)).toBe(false);
    expect(parseForm(sample).ok).toBe(false);
  });

  test('a hidden field needs no label', () => {
    const sample = withField({ id: 'h', type: 'hidden' });
    expect(valid(schema, sample)).toBe(true);
    expect(parseForm(sample).ok).toBe(true);
  });
});

test('every form JSON of the examples names the schema by its URL, which works outside the repo', async () => {
  const { readdirSync } = await import('node:fs');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  const forms = resolve(root, 'examples/landing-page/forms');
  const files = readdirSync(forms).filter((name) => name.endsWith('.json'));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) expect(JSON.parse(readFileSync(resolve(forms, name), 'utf8')).$schema, name).toBe(FORM_SCHEMA_ID);
});
