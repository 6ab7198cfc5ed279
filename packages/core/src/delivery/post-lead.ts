import type { LeadPayload } from '../payload/lead-payload.js';
import type { DeliveryError, DeliveryResult } from '../session/form-session.js';

export interface PostLeadInit {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Extra headers; `Content-Type` and `Idempotency-Key` are always Cairn's. */
  headers?: Readonly<Record<string, string>>;
  /** Give up (retryably) after this long. Default 10 000 ms. */
  timeoutMs?: number;
  /** Base for a relative endpoint. Default: the page's `location.href`. */
  baseUrl?: string;
}

// Visitor-facing words: say what happened and what to do, never technical detail.
const OFFLINE = "We couldn't send your details. Check your connection and try again.";
const TIMEOUT = 'The server took too long to answer. Please try again.';
const BUSY = "We couldn't send your details right now. Please try again in a moment.";
const REJECTED = "We couldn't accept your details. Please contact us another way.";
const BROKEN = "This form can't send right now. Please contact us another way.";


/**
 * POSTs the lead as JSON with an `Idempotency-Key` header (the payload id, the
 * same on every retry) and classifies the outcome. Never throws: every failure
 * is a `DeliveryResult` whose `retryable` tells a retry loop whether to try again.
 */
export async function postLead(endpoint: string, payload: LeadPayload, init: PostLeadInit = {}): Promise<DeliveryResult> {
  const doFetch = init.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
  let url: string;
  try {
    url = new URL(endpoint, init.baseUrl ?? (globalThis as { location?: Location }).location?.href).href;
  } catch {
    return fail(BROKEN, false); // a relative endpoint with nothing to resolve it against
  }
  if (!doFetch) return fail(BROKEN, false);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== 'content-type' && lower !== 'idempotency-key') headers[name] = value;
  }
  headers['Content-Type'] = 'application/json';
  headers['Idempotency-Key'] = payload.id;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, init.timeoutMs ?? 10_000);
  try {
    const res = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(payload), signal: controller.signal });
    // We only need the status: release the connection without reading the body.
    res.body?.cancel().catch(() => {});
    if (res.ok) return { ok: true, status: res.status };
    // Timeout, too early, rate-limited, server trouble: the same request may succeed later.
    const retryable = res.status >= 500 || res.status === 408 || res.status === 425 || res.status === 429;
    return fail(retryable ? BUSY : REJECTED, retryable, res.status);
  } catch {
    return fail(timedOut ? TIMEOUT : OFFLINE, true);
  } finally {
    clearTimeout(timer);
  }
}

function fail(message: string, retryable: boolean, status?: number): { ok: false; error: DeliveryError } {
  return { ok: false, error: status === undefined ? { message, retryable } : { message, status, retryable } };
}
