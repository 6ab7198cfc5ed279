import type { LeadPayload } from '../payload/lead-payload.js';
import type { AttemptResult } from './delivery-request.js';
import { isRetryableStatus } from './retry-policy.js';
import { DEFAULT_TIMEOUT_MS } from './send-request.js';
import { systemTimers, type Timers } from './timers.js';

/** What a custom transport may answer; nothing (undefined) means delivered. */
export interface CustomTransportResult {
  ok: boolean;
  status?: number;
  /** Default for a failure: by `status` (as for HTTP), else true. */
  retryable?: boolean;
  retryAfterMs?: number;
  message?: string;
}

/**
 * A delivery function given at mount time and named by a `custom` destination
 * (`{ format: 'custom', name }`). It gets the same payload (same `id`) on every
 * attempt. Throwing or rejecting is a retryable failure.
 */
export type CustomTransport<D = unknown> = (payload: LeadPayload, destination: D) => Promise<CustomTransportResult | void> | CustomTransportResult | void;

/**
 * Runs a custom transport and classifies its answer. Never rejects. After
 * `timeoutMs` (default 10 s) the attempt counts as a retryable timeout; the
 * function cannot be stopped, so it may still finish later (a receiver that
 * dedupes by payload id is safe either way).
 */
export async function runCustomTransport<D>(
  fn: CustomTransport<D>,
  payload: LeadPayload,
  destination: D,
  o: { timeoutMs?: number; timers?: Timers } = {},
): Promise<AttemptResult> {
  const timers = o.timers ?? systemTimers;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: unknown;
  const expired = new Promise<'timeout'>((resolve) => (timer = timers.setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const answer = await Promise.race([Promise.resolve().then(() => fn(payload, destination)), expired]);
    if (answer === 'timeout') return { ok: false, retryable: true, kind: 'timeout', message: `no answer within ${timeoutMs} ms` };
    if (!answer || typeof answer !== 'object') return { ok: true };
    const status = typeof answer.status === 'number' ? answer.status : undefined;
    if (answer.ok) return status === undefined ? { ok: true } : { ok: true, status };
    const retryable = typeof answer.retryable === 'boolean' ? answer.retryable : status === undefined || isRetryableStatus(status);
    const result: AttemptResult = {
      ok: false,
      retryable,
      kind: status === undefined ? 'network' : 'http',
      message: typeof answer.message === 'string' ? answer.message : status === undefined ? 'custom transport failed' : `HTTP ${status}`,
    };
    if (status !== undefined) result.status = status;
    if (typeof answer.retryAfterMs === 'number' && answer.retryAfterMs >= 0) result.retryAfterMs = answer.retryAfterMs;
    return result;
  } catch (e) {
    return { ok: false, retryable: true, kind: 'network', message: `custom transport threw: ${(e as Error)?.message || String(e)}` };
  } finally {
    timers.clearTimeout(timer);
  }
}
