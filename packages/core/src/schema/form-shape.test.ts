import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { assertShapeSupported, SHAPE_KEYWORDS } from './check-shape.js';
import { formShapeModule, laterShapeModule } from '../../scripts/shape-modules.mjs';
import { formShape, formShapes, LATER_KEYS, stripAnnotations } from './form-shape.js';
import { LATER_SHAPE } from './generated/form-shape-later.generated.js';
import { FORM_SHAPE } from './generated/form-shape.generated.js';
import { formJsonSchema } from './json-schema.js';

type Json = Record<string, any>;

test.each([
  ['form-shape.generated.ts', () => formShapeModule(formShapes(), LATER_KEYS)],
  ['form-shape-later.generated.ts', () => laterShapeModule(formShapes(), LATER_KEYS)],
])('the committed %s is up to date', (name, text) => {
  // a path, not a URL: under happy-dom, URL is not the one node:fs accepts
  const file = resolve(dirname(fileURLToPath(import.meta.url)), 'generated', name);
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // reported by the assertion below
  }
  expect(committed, `${name} is out of date: run \`npm run schema\``).toBe(text());
  expect(FORM_SHAPE).toEqual(formShapes().render);
  expect(LATER_SHAPE).toEqual(formShapes().later);
});

/** The two descriptors as one: the render shape with the later keys' schemas put back, and every definition. */
const joined = (): Json => {
  const render = FORM_SHAPE as Json;
  const later = LATER_SHAPE as Json;
  return {
    ...render,
    properties: Object.fromEntries(Object.entries(render.properties).map(([k, v]) => [k, Object.hasOwn(later.properties, k) ? later.properties[k] : v])),
    $defs: { ...render.$defs, ...later.$defs },
  };
};

describe('the split', () => {
  test('the script tag checks the later keys only in the later descriptor', () => {
    const render = FORM_SHAPE as Json;
    const later = LATER_SHAPE as Json;
    for (const key of LATER_KEYS) expect(render.properties[key], key).toEqual({});
    expect(Object.keys(later.properties)).toEqual([...LATER_KEYS]);
    expect(later).not.toHaveProperty('type'); // a non-object is the render half's problem
    expect(later).not.toHaveProperty('additionalProperties');
    // nothing the render half walks is only in the later one, and the later one carries only what it walks
    expect(Object.keys(render.$defs)).not.toContain('Scoring');
    expect(Object.keys(later.$defs).sort()).toEqual(['After', 'Booking', 'Condition', 'Grades', 'Route', 'Rule', 'Scoring', 'Signals', 'Stage', 'Submit']);
  });

  test('together they are the whole descriptor', () => {
    const whole = formShape() as Json;
    const both = joined();
    expect(both.properties).toEqual(whole.properties);
    expect(Object.keys(both.$defs).sort()).toEqual(Object.keys(whole.$defs).sort());
    for (const name of Object.keys(whole.$defs)) expect(both.$defs[name], name).toEqual(whole.$defs[name]);
  });
});

describe('the shape descriptor', () => {
  const schema = formJsonSchema() as Json;
  const shape = joined();

  test('is the JSON Schema without annotations', () => {
    for (const key of ['$schema', '$id', 'title', 'description']) expect(shape, key).not.toHaveProperty(key);
    expect(shape.$defs.Condition).not.toHaveProperty('description');
    expect(JSON.stringify(shape)).not.toMatch(/"description":"[^"]*[ .]/); // no prose left anywhere
  });

  test('keeps properties named like annotation keywords', () => {
    expect(Object.keys(shape.properties)).toEqual(Object.keys(schema.properties)); // $schema, title, description
    expect(shape.properties.title).toEqual({ type: 'string' });
    expect(Object.keys(shape.$defs.Step.properties)).toEqual(['id', 'title', 'description', 'when', 'fields']);
    expect(shape.$defs.Field.properties.default.anyOf).toHaveLength(2); // a property named default
    expect(shape.$defs.After.properties).toHaveProperty('title');
  });

  test('keeps every rule: only annotations and the editor-only allOf/if/then/else differ', () => {
    const annotations = /^(\$schema|\$id|title|description|examples|allOf|if|then|else)$/;
    const rules = (s: unknown, inProperties = false): unknown =>
      Array.isArray(s)
        ? s.map((x) => rules(x))
        : typeof s === 'object' && s !== null
          ? Object.fromEntries(
              Object.entries(s)
                .filter(([k]) => inProperties || !annotations.test(k))
                .map(([k, v]) => [k, rules(v, !inProperties && (k === 'properties' || k === '$defs'))]),
            )
          : s;
    expect(shape).toEqual(rules(schema));
  });

  test('uses only keywords checkShape implements', () => {
    expect(() => assertShapeSupported(FORM_SHAPE)).not.toThrow();
    expect(() => assertShapeSupported(LATER_SHAPE)).not.toThrow();
    const used = new Set<string>();
    const visit = (s: Json, inProperties = false) => {
      for (const [k, v] of Object.entries(s)) {
        if (!inProperties) used.add(k);
        if (typeof v === 'object' && v !== null && (inProperties || !['required', 'enum', 'type'].includes(k))) {
          for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'object') visit(x, !inProperties && (k === 'properties' || k === '$defs'));
        }
      }
    };
    visit(shape);
    // and checkShape implements no keyword the descriptor does not use
    expect([...used].sort()).toEqual([...SHAPE_KEYWORDS].sort());
  });
});

describe('stripAnnotations', () => {
  test('removes annotation keywords and editor-only rules at every schema position, and nothing else', () => {
    const input = {
      $schema: 'x',
      $id: 'y',
      title: 'T',
      description: 'D',
      examples: [1],
      $comment: 'c',
      default: 1,
      type: 'object',
      properties: {
        title: { type: 'string', description: 'a property named title' },
        default: { anyOf: [{ type: 'string', title: 'A' }], description: 'd' },
      },
      items: { description: 'i', type: 'number' },
      additionalProperties: { title: 't', type: 'string' },
      allOf: [{ if: { description: 'x', const: 1 }, then: { title: 'y', required: ['title', 'description'] }, else: { examples: [] } }],
      $defs: { description: { description: 'a definition named description', enum: ['title', 'description'] } },
      enum: [{ description: 'data, not a schema' }],
      const: { title: 'data' },
    };
    // allOf/if/then/else are dropped too: editor-only rules the semantic checks state.
    expect(stripAnnotations(input)).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string' },
        default: { anyOf: [{ type: 'string' }] },
      },
      items: { type: 'number' },
      additionalProperties: { type: 'string' },
      $defs: { description: { enum: ['title', 'description'] } },
      enum: [{ description: 'data, not a schema' }],
      const: { title: 'data' },
    });
    expect(input.properties.title.description).toBe('a property named title'); // a copy
  });
});
