import type { Random } from './timers.js';

/**
 * When to try a failed delivery again, and when to stop. Documented numbers:
 * the docs cite these constants, so change them together with docs/delivery.md.
 */

/** First retry waits up to 1 s … */
export const DEFAULT_RETRY_BASE_MS = 1_000;
/** … doubling per attempt, up to at most 5 minutes. */
export const DEFAULT_RETRY_MAX_MS = 5 * 60_000;
/** A lead still failing (retryably) 7 days after it was stored is dead-lettered as 'expired'. */
export const DEFAULT_GIVE_UP_AFTER_MS = 7 * 24 * 60 * 60_000;
/**
 * A `Retry-After` longer than this is cut to it: a typo or a maintenance page
 * must not park a lead for days (a retry an hour later costs one request).
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  giveUpAfterMs: number;
}

/** The `retry` key of a destination, as written in the form config. */
export interface RetryConfig {
  baseMs?: number;
  maxMs?: number;
  giveUpAfterHours?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseMs: DEFAULT_RETRY_BASE_MS,
  maxMs: DEFAULT_RETRY_MAX_MS,
  giveUpAfterMs: DEFAULT_GIVE_UP_AFTER_MS,
});

const positive = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;

/** The policy for a destination's `retry` config: defaults for missing or unusable numbers. */
export function retryPolicy(config: RetryConfig = {}): RetryPolicy {
  const baseMs = positive(config.baseMs) ? config.baseMs : DEFAULT_RETRY_BASE_MS;
  return {
    baseMs,
    maxMs: positive(config.maxMs) ? Math.max(config.maxMs, baseMs) : Math.max(DEFAULT_RETRY_MAX_MS, baseMs),
    giveUpAfterMs: positive(config.giveUpAfterHours) ? config.giveUpAfterHours * 3_600_000 : DEFAULT_GIVE_UP_AFTER_MS,
  };
}

/**
 * Exponential backoff with full jitter: a uniformly random delay in
 * [0, min(maxMs, baseMs · 2^retryIndex)]. `retryIndex` is 0 for the first retry.
 * Full jitter spreads the retries of many visitors after an outage instead of
 * having them hit the recovering endpoint in waves.
 */
export function backoffDelay(retryIndex: number, policy: RetryPolicy, random: Random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, retryIndex));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 1;
  return Math.round(unit * cap);
}

/**
 * Whether the same request may succeed later: request timeout (408), too early
 * (425), rate-limited (429) and server trouble (5xx). Any other 4xx means the
 * receiver will not take this lead as it is: retrying cannot help.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds ("120") or an
 * HTTP-date. Undefined when absent or unreadable; 0 for a date in the past;
 * never more than MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    // an HTTP-date always names a weekday or a month; Date.parse would take "5" or "1.5" too
    if (!/[a-z]{3}/i.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** The wait before the next try: the jittered backoff, but never sooner than the server asked. */
export function retryDelay(retryIndex: number, policy: RetryPolicy, random: Random, retryAfterMs?: number): number {
  const backoff = backoffDelay(retryIndex, policy, random);
  return retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(MAX_RETRY_AFTER_MS, retryAfterMs));
}
