import { describe, expect, it } from 'vitest';
import { entryTime, mergeProfiles } from './profile.js';
import type { FieldValue } from '../model/values.js';
import type { ProfileEntry } from './profile.js';

const entry = (value: FieldValue, learnedAt: string, more: Partial<ProfileEntry> = {}): ProfileEntry => ({
  value,
  learnedAt,
  source: { form: 'demo', version: 1, page: 'https://example.com/demo' },
  ...more,
});

describe('entryTime', () => {
  it('is the later of learnedAt and confirmedAt', () => {
    expect(entryTime(entry('a', '2024-01-01T00:00:00Z'))).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(entryTime(entry('a', '2024-01-01T00:00:00Z', { confirmedAt: '2024-03-01T00:00:00Z' }))).toBe(Date.parse('2024-03-01T00:00:00Z'));
  });
  it('treats an unreadable date as the epoch', () => {
    expect(entryTime(entry('a', 'yesterday'))).toBe(0);
  });
});

describe('mergeProfiles: per key, the later entry wins', () => {
  const old = entry('Acme', '2024-01-01T00:00:00Z');
  const newer = entry('Acme Inc', '2024-02-01T00:00:00Z');

  it('a newer incoming entry replaces the stored one', () => {
    expect(mergeProfiles({ company: old }, { company: newer }).company).toBe(newer);
  });
  it('an older incoming entry does not replace a newer stored one', () => {
    expect(mergeProfiles({ company: newer }, { company: old }).company).toBe(newer);
  });
  it('on a tie the incoming entry wins', () => {
    const tie = entry('Other', '2024-01-01T00:00:00Z');
    expect(mergeProfiles({ company: old }, { company: tie }).company).toBe(tie);
  });
  it('confirmedAt counts: a value confirmed after a newer answer was learned wins', () => {
    const confirmed = entry('Acme', '2023-06-01T00:00:00Z', { confirmedAt: '2024-03-01T00:00:00Z' });
    expect(mergeProfiles({ company: newer }, { company: confirmed }).company).toBe(confirmed);
    expect(mergeProfiles({ company: confirmed }, { company: newer }).company).toBe(confirmed);
  });
  it('keeps keys from both sides and does not mutate its inputs', () => {
    const current = { company: old };
    const merged = mergeProfiles(current, { role: newer });
    expect(merged).toEqual({ company: old, role: newer });
    expect(current).toEqual({ company: old });
  });
});
