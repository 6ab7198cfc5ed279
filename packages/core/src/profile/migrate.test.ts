import { describe, expect, it } from 'vitest';
import { migrateProfile } from './migrate.js';
import type { FieldValue } from '../model/values.js';
import type { ProfileEntry } from './profile.js';

const entry = (value: FieldValue, learnedAt: string, more: Partial<ProfileEntry> = {}): ProfileEntry => ({
  value,
  learnedAt,
  source: { form: 'demo', version: 1, page: 'https://example.com/demo' },
  ...more,
});

const jan = entry('Acme', '2024-01-01T00:00:00Z');
const feb = entry('Acme Inc', '2024-02-01T00:00:00Z');

describe('migrateProfile', () => {
  it('moves an entry to its new key and leaves others alone', () => {
    expect(migrateProfile({ org: jan, role: feb }, { org: 'company' })).toEqual({ company: jan, role: feb });
  });
  it('when both keys exist, the later entry wins (either way round)', () => {
    expect(migrateProfile({ org: jan, company: feb }, { org: 'company' })).toEqual({ company: feb });
    expect(migrateProfile({ org: feb, company: jan }, { org: 'company' })).toEqual({ company: feb });
  });
  it('on a tie, the entry already under the new key stays', () => {
    const tie = entry('Kept', '2024-01-01T00:00:00Z');
    expect(migrateProfile({ org: jan, company: tie }, { org: 'company' }).company).toBe(tie);
    expect(migrateProfile({ company: tie, org: jan }, { org: 'company' }).company).toBe(tie);
  });
  it('follows chains of renames: a→b, b→c moves a (and b) to c', () => {
    expect(migrateProfile({ a: jan }, { a: 'b', b: 'c' })).toEqual({ c: jan });
    expect(migrateProfile({ a: jan, b: feb }, { b: 'c', a: 'b' })).toEqual({ c: feb });
  });
  it('does not loop on cycles: a→b, b→a swaps', () => {
    expect(migrateProfile({ a: jan, b: feb }, { a: 'b', b: 'a' })).toEqual({ b: jan, a: feb });
    expect(migrateProfile({ a: jan }, { a: 'a' })).toEqual({ a: jan });
    expect(migrateProfile({ a: jan }, { a: 'b', b: 'c', c: 'a' })).toEqual({ c: jan });
  });
  it('ignores inherited names in the map', () => {
    expect(migrateProfile({ toString: jan }, {})).toEqual({ toString: jan });
  });
});
