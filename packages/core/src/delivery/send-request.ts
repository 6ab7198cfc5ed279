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
  // Never follow a redirect with a lead: on 301–303 the browser re-sends it as a GET without its
  // body, and the target's 200 would read as "delivered". (A no-cors request may only follow.)
  if (request.mode != 'no-cors') init.redirect = 'manual';

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
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) return redirected(res);
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

/**
 * A redirect is a failed attempt, retryable (the lead stays in the outbox and arrives once the
 * endpoint is fixed). A browser hides its status and target (`opaqueredirect`); Node shows them.
 */
function redirected(res: Response): AttemptResult {
  const to = res.headers.get('Location');
  const what = res.status ? `HTTP ${res.status}${to ? ` to ${to}` : ''}` : 'a redirect';
  return { ok: false, retryable: true, kind: 'http', ...(res.status ? { status: res.status } : {}), message: `${what}: a lead is never sent on to another address; set the endpoint to the address that accepts it` };
}

const timeout = (ms: number): AttemptResult => ({ ok: false, retryable: true, kind: 'timeout', message: `no answer within ${ms} ms` });
