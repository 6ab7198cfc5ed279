import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../model/values.js';
import type { Condition, FactKind, FormConfig } from '../schema/form-schema.js';
import { conditionFacts, evaluateCondition, type FactReader } from './evaluate-condition.js';
import { createVisibility } from './visibility.js';

/** Facts beyond fields (issue 4): every kind reaches the reader with its own key. */

const FACTS: Record<string, FieldValue> = {
  'field:size': '1000+',
  'profile:size': '50-999',
  'signal:pricing.views': 3,
  'signal:whitepaper.last': 2.5,
  'email:class': 'free',
  'email:free': true,
  'email:business': false,
  'email:domain': 'gmail.com',
  'score:stage': 'mql',
  'score:fit': 55,
  'score:grade': 'B2',
};
const read: FactReader = (kind, key) => FACTS[`${kind}:${key}`];

describe('facts of every kind', () => {
  test.each<[Condition, boolean]>([
    [{ field: 'size', equals: '1000+' }, true],
    [{ profile: 'size', in: ['50-999', '1000+'] }, true],
    [{ profile: 'size', equals: '1000+' }, false], // not the field of the same name
    [{ signal: 'pricing.views', gte: 2 }, true],
    [{ signal: 'pricing.views', gte: 4 }, false],
    [{ signal: 'whitepaper.last', lte: 7 }, true],
    [{ signal: 'never.count', gte: 1 }, false],
    [{ email: 'free' }, true], // a class alone: the fact must read true
    [{ email: 'business' }, false],
    [{ email: 'disposable' }, false], // unread: absent
    [{ email: 'class', in: ['free', 'disposable'] }, true],
    [{ email: 'domain', equals: 'gmail.com' }, true],
    [{ score: 'stage', equals: 'mql' }, true],
    [{ score: 'fit', gte: 60 }, false],
    [{ score: 'grade', in: ['A1', 'B2'] }, true],
    [{ score: 'route', exists: false }, true],
    [{ all: [{ email: 'free' }, { signal: 'pricing.views', gt: 2 }, { not: { score: 'stage', equals: 'sql' } }] }, true],
    [{ any: [{ email: 'business' }, { field: 'size', equals: '1-49' }] }, false],
  ])('%j → %s', (cond, want) => {
    expect(evaluateCondition(cond, read)).toBe(want);
  });

  test('the reader is asked with the kind and the key', () => {
    const asked: string[] = [];
    evaluateCondition({ all: [{ email: 'free' }, { signal: 'a.count', gte: 1 }, { profile: 'p', exists: true }, { score: 'fit', gt: 1 }] }, (kind, key) => {
      asked.push(`${kind}:${key}`);
      return kind === 'email' ? true : 5;
    });
    expect(asked).toEqual(['email:free', 'signal:a.count', 'profile:p', 'score:fit']);
  });

  test('conditionFacts: field ids by default, other kinds on request', () => {
    const cond: Condition = { all: [{ field: 'a', exists: true }, { any: [{ signal: 'pricing.views', gte: 1 }, { email: 'free' }] }, { not: { score: 'stage', equals: 'x' } }, { profile: 'p', exists: true }] };
    expect([...conditionFacts(cond)]).toEqual(['a']);
    const kinds: FactKind[] = ['signal', 'email', 'score', 'profile'];
    expect(kinds.map((k) => [...conditionFacts(cond, new Set(), k)])).toEqual([['pricing.views'], ['free'], ['stage'], ['p']]);
  });
});

describe('visibility with facts beyond fields', () => {
  const form: FormConfig = {
    id: 'f',
    version: 1,
    steps: [
      {
        id: 'one',
        fields: [
          { id: 'email', type: 'email', label: 'Email' },
          { id: 'phone', type: 'tel', label: 'Phone', when: { score: 'stage', equals: 'sql' } },
          { id: 'size', type: 'text', label: 'Size', when: { profile: 'size', exists: false } },
        ],
      },
      { id: 'two', when: { signal: 'pricing.views', gte: 2 }, fields: [{ id: 'budget', type: 'number', label: 'Budget', when: { field: 'email', exists: true } }] },
    ],
    submit: { endpoint: '/x' },
  };

  test('reads them from the given reader; recheck() re-evaluates after they change', () => {
    const facts: Record<string, FieldValue | undefined> = { 'score:stage': 'lead', 'signal:pricing.views': 0 };
    const vis = createVisibility(form, { email: 'a@b.co' }, (kind, key) => facts[`${kind}:${key}`]);
    expect([vis.isFieldVisible('phone'), vis.isFieldVisible('size'), vis.isStepVisible('two')]).toEqual([false, true, false]);

    facts['score:stage'] = 'sql';
    facts['signal:pricing.views'] = 2;
    facts['profile:size'] = '1-49';
    expect(vis.recheck().sort()).toEqual(['budget', 'phone', 'size', 'two']);
    expect([vis.isFieldVisible('phone'), vis.isFieldVisible('size'), vis.isStepVisible('two'), vis.isFieldVisible('budget')]).toEqual([true, false, true, true]);
    expect(vis.recheck()).toEqual([]); // nothing changed since
    // a field named like a profile key is not read for a profile fact
    expect(vis.read('profile', 'email')).toBeUndefined();
    expect(vis.read('field', 'email')).toBe('a@b.co');
  });

  test('without a reader, other facts are absent', () => {
    const vis = createVisibility(form);
    expect([vis.isFieldVisible('phone'), vis.isFieldVisible('size'), vis.isStepVisible('two')]).toEqual([false, true, false]);
  });
});
