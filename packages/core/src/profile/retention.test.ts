import { describe, expect, it } from 'vitest';
import { isStale, purgeExpired } from './retention.js';
import type { FieldValue } from '../model/values.js';
import type { ProfileEntry } from './profile.js';

const entry = (value: FieldValue, learnedAt: string, more: Partial<ProfileEntry> = {}): ProfileEntry => ({
  value,
  learnedAt,
  source: { form: 'demo', version: 1, page: 'https://example.com/demo' },
  ...more,
});

const now = Date.parse('2025-01-31T00:00:00Z');

describe('isStale', () => {
  const e = entry('Acme', '2025-01-01T00:00:00Z'); // 30 days before now

  it('is stale once older than the given days', () => {
    expect(isStale(e, 29, now)).toBe(true);
    expect(isStale(e, 30, now)).toBe(false); // exactly 30 days: not older than 30
    expect(isStale(e, 31, now)).toBe(false);
  });
  it('counts confirmedAt as the age', () => {
    expect(isStale({ ...e, confirmedAt: '2025-01-30T00:00:00Z' }, 29, now)).toBe(false);
  });
  it('accepts a Date', () => {
    expect(isStale(e, 29, new Date(now))).toBe(true);
  });
});

describe('purgeExpired', () => {
  it('drops entries older than retentionDays and lists them', () => {
    const profile = {
      email: entry('ada@example.com', '2025-01-20T00:00:00Z'),
      company: entry('Acme', '2023-12-01T00:00:00Z'),
      role: entry('CTO', '2023-12-01T00:00:00Z', { confirmedAt: '2024-12-01T00:00:00Z' }),
    };
    const result = purgeExpired(profile, { retentionDays: 365, now });
    expect(result.removed).toEqual(['company']);
    expect(Object.keys(result.profile)).toEqual(['email', 'role']);
    expect(profile.company).toBeDefined(); // pure
  });
  it('keeps everything when nothing is old enough, drops everything with 0 days', () => {
    const profile = { email: entry('a@b.co', '2025-01-20T00:00:00Z') };
    expect(purgeExpired(profile, { retentionDays: 365, now }).removed).toEqual([]);
    expect(purgeExpired(profile, { retentionDays: 0, now })).toEqual({ profile: {}, removed: ['email'] });
  });
});
