import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Condition } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { conditionFacts, evaluateCondition, isPresent, type FactReader } from './evaluate-condition.js';

const reader =
  (values: Record<string, FieldValue | undefined>): FactReader =>
  (_kind, key) =>
    values[key];
const evalWith = (cond: Condition, v: FieldValue | undefined) => evaluateCondition(cond, reader({ x: v }));
const ABSENT = [undefined, '', [], NaN] as const;

// [condition (on field x), value of x, expected]
type Row = [Omit<Condition, 'field'>, FieldValue | undefined, boolean];

const table: Record<string, Row[]> = {
  equals: [
    [{ equals: 'a' }, 'a', true],
    [{ equals: 'a' }, 'A', false], // case-sensitive: option values
    [{ equals: 'a' }, 'b', false],
    [{ equals: 10 }, 10, true],
    [{ equals: 10 }, '10', true], // numeric string meets number
    [{ equals: 10 }, ' 1e1 ', true],
    [{ equals: '10' }, 10, true],
    [{ equals: '10' }, '10.0', false], // two strings compare as strings
    [{ equals: 0 }, '', false], // '' is absent, not 0
    [{ equals: 0 }, '  ', false], // blank is not a number
    [{ equals: true }, true, true],
    [{ equals: false }, false, true],
    [{ equals: true }, 'true', false], // a boolean equals only a boolean
    [{ equals: 1 }, true, false],
    [{ equals: 'b' }, ['a', 'b'], true], // checkboxes: membership
    [{ equals: 'c' }, ['a', 'b'], false],
    [{ equals: 2 }, ['1', '2'], true],
  ],
  notEquals: [
    [{ notEquals: 'a' }, 'a', false],
    [{ notEquals: 'a' }, 'b', true],
    [{ notEquals: 10 }, '10', false],
    [{ notEquals: true }, false, true],
    [{ notEquals: 'b' }, ['a', 'b'], false],
    [{ notEquals: 'c' }, ['a', 'b'], true],
  ],
  in: [
    [{ in: ['a', 'b'] }, 'b', true],
    [{ in: ['a', 'b'] }, 'c', false],
    [{ in: [] }, 'a', false],
    [{ in: [1, 2] }, '2', true],
    [{ in: ['1000+'] }, '1000+', true],
    [{ in: ['x', 'b'] }, ['a', 'b'], true], // any ticked option listed
    [{ in: ['x', 'y'] }, ['a', 'b'], false],
    [{ in: [true] }, true, true],
  ],
  notIn: [
    [{ notIn: ['a', 'b'] }, 'b', false],
    [{ notIn: ['a', 'b'] }, 'c', true],
    [{ notIn: [] }, 'a', true],
    [{ notIn: ['x', 'b'] }, ['a', 'b'], false],
    [{ notIn: ['x', 'y'] }, ['a', 'b'], true],
  ],
  gt: [
    [{ gt: 5 }, 6, true],
    [{ gt: 5 }, 5, false],
    [{ gt: 5 }, '6', true],
    [{ gt: 5 }, 'six', false],
    [{ gt: 0 }, true, false],
    [{ gt: 0 }, ['1'], false],
    [{ gt: -1 }, 0, true],
  ],
  gte: [
    [{ gte: 5 }, 5, true],
    [{ gte: 5 }, 4.99, false],
    [{ gte: 5 }, '5', true],
  ],
  lt: [
    [{ lt: 5 }, 4, true],
    [{ lt: 5 }, 5, false],
    [{ lt: 5 }, ' 4 ', true],
    [{ lt: 5 }, false, false],
  ],
  lte: [
    [{ lte: 5 }, 5, true],
    [{ lte: 5 }, 6, false],
    [{ lte: 0 }, 0, true],
  ],
  contains: [
    [{ contains: 'ACME' }, 'jane@acme.com', true], // case-insensitive substring
    [{ contains: 'gmail' }, 'jane@acme.com', false],
    [{ contains: 5 }, 'plan 50', true],
    [{ contains: 'b' }, ['a', 'b'], true], // arrays: membership
    [{ contains: 'B' }, ['a', 'b'], false], // ... of exact option values
    [{ contains: 5 }, 50, false], // numbers: type mismatch
    [{ contains: 'true' }, true, false],
  ],
  exists: [
    [{ exists: true }, 'a', true],
    [{ exists: true }, 0, true],
    [{ exists: true }, false, true], // an unchecked box is an answer
    [{ exists: true }, ['a'], true],
    [{ exists: true }, ' ', true],
    [{ exists: false }, 'a', false],
    [{ exists: false }, false, false],
  ],
};

describe('evaluateCondition: operators', () => {
  for (const [op, rows] of Object.entries(table)) {
    it.each(rows)(`${op}: %j with %j → %s`, (cond, value, expected) => {
      expect(evalWith({ field: 'x', ...cond }, value)).toBe(expected);
    });
  }
});

describe('evaluateCondition: absent values', () => {
  // Every comparison with an absent value is false except notEquals, notIn, exists:false.
  const absentTruth: [Omit<Condition, 'field'>, boolean][] = [
    [{ equals: '' }, false],
    [{ equals: 0 }, false],
    [{ notEquals: 'a' }, true],
    [{ in: ['', 'a'] }, false],
    [{ notIn: ['a'] }, true],
    [{ gt: -Infinity }, false],
    [{ gte: 0 }, false],
    [{ lt: Infinity }, false],
    [{ lte: 0 }, false],
    [{ contains: '' }, false],
    [{ exists: true }, false],
    [{ exists: false }, true],
  ];
  for (const value of ABSENT) {
    it.each(absentTruth)(`%j with ${JSON.stringify(value) ?? 'undefined'} → %s`, (cond, expected) => {
      expect(evalWith({ field: 'x', ...cond }, value)).toBe(expected);
    });
  }

  it('an unknown field reads as absent', () => {
    const read = reader({});
    expect(evaluateCondition({ field: 'nope', exists: false }, read)).toBe(true);
    expect(evaluateCondition({ field: 'nope', equals: 'a' }, read)).toBe(false);
  });

  it('isPresent: false and 0 are answers; undefined, "", [], NaN are not', () => {
    expect([false, 0, 'a', ['a'], ' '].map(isPresent)).toEqual([true, true, true, true, true]);
    expect(ABSENT.map(isPresent)).toEqual([false, false, false, false]);
  });
});

describe('evaluateCondition: combinators', () => {
  const read = reader({ size: '1000+', country: 'DE', seats: 12, topics: ['api'] });
  const yes: Condition = { field: 'size', equals: '1000+' };
  const no: Condition = { field: 'country', equals: 'US' };
  const rows: [Condition, boolean][] = [
    [{ all: [] }, true],
    [{ any: [] }, false],
    [{ all: [yes, yes] }, true],
    [{ all: [yes, no] }, false],
    [{ any: [no, yes] }, true],
    [{ any: [no, no] }, false],
    [{ not: yes }, false],
    [{ not: no }, true],
    [{ not: { all: [] } }, false],
    [{ any: [{ all: [yes, { field: 'seats', gte: 10 }] }, no] }, true],
    [{ all: [{ not: { field: 'topics', contains: 'billing' } }, { field: 'topics', in: ['api', 'sso'] }] }, true],
    [{}, true], // a condition states no constraint
    [{ field: 'seats', gte: 10, lt: 20 }, true], // several constraints: all must hold (a range)
    [{ field: 'seats', gte: 10, lt: 12 }, false],
    [{ field: 'size', equals: '1000+', not: yes }, false],
  ];
  it.each(rows)('%j → %s', (cond, expected) => {
    expect(evaluateCondition(cond, read)).toBe(expected);
  });

  it('notEquals ≡ not equals and notIn ≡ not in, for any value', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean());
    const value = fc.oneof(scalar, fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }), fc.constant(undefined));
    fc.assert(
      fc.property(value, scalar, fc.array(scalar, { maxLength: 3 }), (v, x, list) => {
        expect(evalWith({ field: 'x', notEquals: x }, v)).toBe(!evalWith({ field: 'x', equals: x }, v));
        expect(evalWith({ field: 'x', notIn: list }, v)).toBe(!evalWith({ field: 'x', in: list }, v));
        expect(evalWith({ field: 'x', in: [x] }, v)).toBe(evalWith({ field: 'x', equals: x }, v));
      }),
    );
  });

  it('reads facts with kind "field"', () => {
    const kinds: string[] = [];
    evaluateCondition({ any: [{ field: 'a', exists: true }, { field: 'b', exists: true }] }, (kind, key) => {
      kinds.push(`${kind}:${key}`);
      return undefined;
    });
    expect(kinds).toEqual(['field:a', 'field:b']);
  });
});

describe('conditionFacts', () => {
  it('collects every field a condition reads, through all combinators', () => {
    const cond: Condition = {
      all: [{ field: 'a', exists: true }, { any: [{ field: 'b', gt: 1 }, { not: { field: 'c', in: ['x'] } }] }],
      not: { field: 'a', equals: 'y' },
    };
    expect([...conditionFacts(cond)].sort()).toEqual(['a', 'b', 'c']);
    expect(conditionFacts({ all: [] }).size).toBe(0);
  });
});
