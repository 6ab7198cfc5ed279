import { configFailure, type AttemptResult, type DeliveryRequest } from './delivery-request.js';
import { isRetryableStatus, parseRetryAfter } from './retry-policy.js';
import { systemClock, systemTimers, type Clock, type Timers } from './timers.js';

/** No answer within 10 s counts as a retryable timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SendOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  timers?: Timers;
  /** For an HTTP-date `Retry-After`. */
  clock?: Clock;
}

/**
 * Performs `request` with `fetch` and classifies the outcome. Never throws or
 * rejects: a network error or a timeout is a retryable failure; an HTTP error
 * status is retryable when `isRetryableStatus` says so. With mode 'no-cors'
 * the browser returns an opaque response (status 0) whatever the receiver
 * answered: that counts as delivered, because nothing more can be known.
 */
export async function sendRequest(request: DeliveryRequest, o: SendOptions = {}): Promise<AttemptResult> {
  const doFetch = o.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
  if (!doFetch) return configFailure('fetch is not available here');
  const timers = o.timers ?? systemTimers;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const init: RequestInit = { method: request.method, headers: request.headers, body: request.body };
  if (request.mode) init.mode = request.mode;
  if (request.credentials) init.credentials = request.credentials;
  if (request.keepalive) init.keepalive = true;

  const controller = new AbortController();
  init.signal = controller.signal;
  let timedOut = false;
  let timer: unknown;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = timers.setTimeout(() => {
      timedOut = true;
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    // Race the timer too: a fetch stand-in (or a broken polyfill) may ignore the abort signal.
    const res = await Promise.race([doFetch(request.url, init), expired]);
    if (res === 'timeout') return timeout(timeoutMs);
    // Only the status matters, but the body is read (in the background, not awaited): a
    // cancelled one shows in the browser's network panel as a failed request, "(canceled)".
    res.arrayBuffer?.().catch(() => {});
    if (res.type === 'opaque' || (request.mode === 'no-cors' && res.status === 0)) return { ok: true, status: 0, opaque: true };
    if (res.ok) return { ok: true, status: res.status };
    const retryable = isRetryableStatus(res.status);
    const result: AttemptResult = {
      ok: false,
      retryable,
      kind: 'http',
      status: res.status,
      message: `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`,
    };
    const retryAfterMs = retryable ? parseRetryAfter(res.headers.get('Retry-After'), (o.clock ?? systemClock)()) : undefined;
    if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
    return result;
  } catch (e) {
    if (timedOut) return timeout(timeoutMs);
    return { ok: false, retryable: true, kind: 'network', message: `network error: ${(e as Error)?.message || String(e)}` };
  } finally {
    timers.clearTimeout(timer);
  }
}

const timeout = (ms: number): AttemptResult => ({ ok: false, retryable: true, kind: 'timeout', message: `no answer within ${ms} ms` });
