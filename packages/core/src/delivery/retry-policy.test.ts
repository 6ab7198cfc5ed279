import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_GIVE_UP_AFTER_MS,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelay,
  retryPolicy,
} from './retry-policy.js';

const P = DEFAULT_RETRY_POLICY;

describe('documented defaults', () => {
  it('are 1 s base, 5 min cap, 7 days give-up, Retry-After cut at 1 h', () => {
    expect(DEFAULT_RETRY_BASE_MS).toBe(1_000);
    expect(DEFAULT_RETRY_MAX_MS).toBe(300_000);
    expect(DEFAULT_GIVE_UP_AFTER_MS).toBe(604_800_000);
    expect(MAX_RETRY_AFTER_MS).toBe(3_600_000);
    expect(P).toEqual({ baseMs: 1_000, maxMs: 300_000, giveUpAfterMs: 604_800_000 });
  });

  it('retryPolicy reads a destination retry config and ignores unusable numbers', () => {
    expect(retryPolicy({ baseMs: 500, maxMs: 10_000, giveUpAfterHours: 2 })).toEqual({ baseMs: 500, maxMs: 10_000, giveUpAfterMs: 7_200_000 });
    expect(retryPolicy({ baseMs: -1, maxMs: Number.NaN, giveUpAfterHours: 0 })).toEqual(P);
    // a cap below the base would make every delay the cap: the base wins
    expect(retryPolicy({ baseMs: 2_000, maxMs: 1_000 }).maxMs).toBe(2_000);
  });
});

describe('backoffDelay: full jitter', () => {
  it('random 0 gives 0 and random 1 gives the cap', () => {
    expect(backoffDelay(0, P, () => 0)).toBe(0);
    expect(backoffDelay(0, P, () => 1)).toBe(1_000);
    expect(backoffDelay(3, P, () => 0)).toBe(0);
    expect(backoffDelay(3, P, () => 1)).toBe(8_000);
  });

  it('the cap doubles per retry, then stays at maxMs', () => {
    const caps = Array.from({ length: 12 }, (_, i) => backoffDelay(i, P, () => 1));
    expect(caps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
    expect(backoffDelay(5000, P, () => 1)).toBe(300_000); // 2^5000 is Infinity: still the cap
  });

  it('is uniform in between (half the cap for 0.5), and survives a broken random', () => {
    expect(backoffDelay(2, P, () => 0.5)).toBe(2_000);
    expect(backoffDelay(2, P, () => Number.NaN)).toBe(4_000);
    expect(backoffDelay(2, P, () => 7)).toBe(4_000);
    expect(backoffDelay(2, P, () => -1)).toBe(0);
  });

  it('property: always within [0, min(max, base·2^n)]', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000_000 }), (n, r, base, max) => {
        const policy = retryPolicy({ baseMs: base, maxMs: max });
        const d = backoffDelay(n, policy, () => r);
        return d >= 0 && d <= Math.min(policy.maxMs, base * 2 ** n);
      }),
    );
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [410, false],
    [413, false],
    [415, false],
    [422, false],
    [451, false],
  ])('%i → retry %s', (status, retry) => {
    expect(isRetryableStatus(status)).toBe(retry);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP-date', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
  });
  it('a date in the past means now', () => {
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores garbage, negatives, fractions and absence', () => {
    for (const v of ['soon', '', '-5', '1.5', '12abc', 'Someday, 99 Foo 2025', null, undefined]) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
  it('cuts a very long wait to MAX_RETRY_AFTER_MS', () => {
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('retryDelay', () => {
  it('takes the larger of the jittered backoff and Retry-After', () => {
    expect(retryDelay(0, P, () => 1)).toBe(1_000);
    expect(retryDelay(0, P, () => 1, 30_000)).toBe(30_000);
    expect(retryDelay(8, P, () => 1, 30_000)).toBe(256_000);
    expect(retryDelay(0, P, () => 0, 10 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
  });
});
