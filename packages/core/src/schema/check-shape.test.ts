import { describe, expect, test } from 'vitest';
import { assertShapeSupported, checkShape, type ShapeSchema } from './check-shape.js';
import { FORM_SHAPE } from './generated/form-shape.generated.js';

const pairs = (value: unknown, schema: ShapeSchema) => checkShape(value, schema).map((p) => [p.path, p.code]);

describe('assertShapeSupported', () => {
  test.each<[string, ShapeSchema]>([
    ['an unknown keyword', { type: 'object', oneOf: [{ type: 'string' }] }],
    ['an annotation left in', { type: 'string', description: 'x' }],
    ['one deep in properties', { properties: { a: { properties: { b: { maximum: 3 } } } } }],
    ['one in $defs', { $defs: { A: { not: {} } }, $ref: '#/$defs/A' }],
    ['one under items', { items: { uniqueItems: true } }],
    ['one under additionalProperties', { additionalProperties: { format: 'email' } }],
    ['if/then/else (editor-only: stripped from the descriptor)', { if: { type: 'string' }, else: { type: 'number' } }],
    ['allOf (editor-only: stripped from the descriptor)', { allOf: [{ type: 'string' }] }],
    ['one in anyOf', { anyOf: [{ type: 'string' }, { prefixItems: [] }] }],
    ['an unknown type', { type: 'integer' }],
    ['an unknown type in a list', { type: ['string', 'null'] }],
    ['a $ref to nowhere', { $ref: '#/$defs/Nope' }],
    ['a $ref outside $defs', { $ref: 'https://example.com/x.json' }],
    ['an empty anyOf', { anyOf: [] }],
    ['a bad pattern', { pattern: '(' }],
    ['nested $defs', { properties: { a: { $defs: {} } } }],
  ])('refuses %s', (_, schema) => {
    expect(() => assertShapeSupported(schema)).toThrow();
  });

  test('names where the keyword is', () => {
    expect(() => assertShapeSupported({ properties: { a: { items: { maximum: 1 } } } })).toThrow("#/properties/a/items/maximum: checkShape does not implement 'maximum'");
  });

  test('accepts the form descriptor', () => {
    expect(() => assertShapeSupported(FORM_SHAPE)).not.toThrow();
  });
});

describe('checkShape', () => {
  test('type, and a list of types; numbers are finite', () => {
    const s = { type: ['string', 'number'] };
    expect(pairs('a', s)).toEqual([]);
    expect(pairs(1, s)).toEqual([]);
    for (const bad of [true, null, [], {}, NaN, Infinity]) expect(pairs(bad, s)).toEqual([['', 'invalid_type']]);
    expect(pairs([], { type: 'object' })).toEqual([['', 'invalid_type']]);
    expect(pairs({}, { type: 'array' })).toEqual([['', 'invalid_type']]);
  });

  test('properties, required, additionalProperties: false', () => {
    const s = { type: 'object', properties: { id: { type: 'string' }, n: { type: 'number' } }, required: ['id'], additionalProperties: false };
    expect(pairs({ id: 'a' }, s)).toEqual([]);
    expect(pairs({ n: 1 }, s)).toEqual([['', 'missing_key']]);
    expect(pairs({ id: 'a', n: 'x', nn: 1 }, s)).toEqual([['n', 'invalid_type'], ['nn', 'unknown_key']]);
    expect(pairs({ id: 'a', n: undefined }, s)).toEqual([]); // an optional key set to undefined is absent
    expect(pairs({ id: undefined }, s)).toEqual([['', 'missing_key']]);
  });

  test('unknown keys include inherited enumerable ones, as zod finds them (for…in)', () => {
    const s = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
    const inherited = Object.assign(Object.create({ extra: 1 }), { a: 'x' });
    expect(pairs(inherited, s)).toEqual([['extra', 'unknown_key']]);
  });

  test('a record: additionalProperties and propertyNames', () => {
    const s = { type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'string' } };
    expect(pairs({ 'X-Key': 'v' }, s)).toEqual([]);
    expect(pairs({ 'X-Key': 1, ok: 'v' }, s)).toEqual([['["X-Key"]', 'invalid_type']]);
    expect(pairs({ a: undefined }, s)).toEqual([['', 'missing_key']]);
    expect(pairs(JSON.parse('{"__proto__": 1}'), s)).toEqual([]); // zod's record skips __proto__
  });

  test('items, minItems, minLength; lengths are checked on anything with one, as zod does', () => {
    const list = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } };
    expect(pairs(['a'], list)).toEqual([]);
    expect(pairs([], list)).toEqual([['', 'too_small']]);
    expect(pairs(['a', ''], list)).toEqual([['[1]', 'too_small']]);
    expect(pairs(['a', 1], list)).toEqual([['[1]', 'invalid_type']]);
    expect(pairs('', list)).toEqual([['', 'invalid_type'], ['', 'too_small']]);
    expect(pairs('abc', list)).toEqual([['', 'invalid_type']]);
    expect(pairs({ length: 0 }, list)).toEqual([['', 'invalid_type'], ['', 'too_small']]);
    expect(pairs(['a', , 'b'], list)).toEqual([['', 'missing_key']]); // a hole, like undefined
  });

  test('pattern: only on strings; a bad id is invalid_id', () => {
    const s = { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z]+$' }, code: { type: 'string', pattern: '^[a-z]+$' } } };
    expect(pairs({ id: 'abc', code: 'abc' }, s)).toEqual([]);
    expect(pairs({ id: 'a b', code: 'A' }, s)).toEqual([['id', 'invalid_id'], ['code', 'invalid']]);
    expect(pairs({ id: 5 }, s)).toEqual([['id', 'invalid_type']]);
  });

  test('enum: a wrong string is invalid_value, another type invalid_type', () => {
    expect(pairs('b', { enum: ['a'] })).toEqual([['', 'invalid_value']]);
    expect(pairs(1, { enum: ['a'] })).toEqual([['', 'invalid_type']]);
    expect(pairs('a', { enum: ['a'] })).toEqual([]);
  });

  test('const is not implemented (the descriptor has none once the editor-only rules are stripped)', () => {
    expect(() => assertShapeSupported({ const: 'a' })).toThrow("checkShape does not implement 'const'");
  });

  test('anyOf: the first branch that got past the type check explains, else invalid_type', () => {
    const option = { anyOf: [{ type: 'string' }, { type: 'object', properties: { value: { type: 'string' } }, required: ['value'], additionalProperties: false }] };
    expect(pairs('a', option)).toEqual([]);
    expect(pairs({ value: 'a' }, option)).toEqual([]);
    expect(pairs(5, option)).toEqual([['', 'invalid_type']]);
    expect(pairs({}, option)).toEqual([['', 'missing_key']]);
    expect(pairs({ value: 'a', x: 1 }, option)).toEqual([['x', 'unknown_key']]);
  });

  test('the editor-only rules are not the walker\'s: a choice field without options or a field without a label passes the shape (the semantic checks report them)', () => {
    const form = (field: unknown) => ({ id: 'f', version: 1, steps: [{ id: 's', fields: [field] }], submit: { endpoint: '/x' } });
    expect(pairs(form({ id: 'a', type: 'select', label: 'A' }), FORM_SHAPE)).toEqual([]);
    expect(pairs(form({ id: 'a', type: 'text' }), FORM_SHAPE)).toEqual([]);
  });

  test('$ref to #/$defs, recursively; a condition operator of the wrong type is invalid_operator_value', () => {
    const when = (c: unknown) => pairs({ id: 'f', version: 1, steps: [{ id: 's', when: c, fields: [{ id: 'a', type: 'text', label: 'A' }] }], submit: { endpoint: '/x' } }, FORM_SHAPE);
    expect(when({ field: 'a', equals: 'x' })).toEqual([]);
    expect(when({ field: 'a', in: 'x' })).toEqual([['steps[0].when.in', 'invalid_operator_value']]);
    expect(when({ not: { any: [{ field: 1, exists: 'yes' }] } })).toEqual([
      ['steps[0].when.not.any[0].field', 'invalid_type'],
      ['steps[0].when.not.any[0].exists', 'invalid_operator_value'],
    ]);
    expect(when({ all: [{ feild: 'a' }] })).toEqual([['steps[0].when.all[0].feild', 'unknown_key']]);
  });

  test('paths use the ConfigError notation', () => {
    const s = { type: 'object', properties: { steps: { type: 'array', items: { type: 'object', properties: { fields: { type: 'array', items: { type: 'string' } } } } } } };
    expect(pairs({ steps: [{}, { fields: ['a', 1] }] }, s)).toEqual([['steps[1].fields[1]', 'invalid_type']]);
  });
});
