import type { LeadPayload } from '../payload/lead-payload.js';
import type { DeliveryError, DeliveryResult } from '../session/form-session.js';
import { buildJsonRequest } from './json-request.js';
import { sendRequest } from './send-request.js';

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
 * same on every retry) and classifies the outcome: one attempt of the json
 * transport (`buildJsonRequest` + `sendRequest`), in the visitor's words.
 * Never throws: every failure is a `DeliveryResult` whose `retryable` tells a
 * retry loop whether to try again.
 */
export async function postLead(endpoint: string, payload: LeadPayload, init: PostLeadInit = {}): Promise<DeliveryResult> {
  const built = buildJsonRequest(payload, { endpoint, headers: init.headers }, init.baseUrl);
  if (!built.ok) return fail(BROKEN, false); // e.g. a relative endpoint with nothing to resolve it against
  const result = await sendRequest(built.request, { fetch: init.fetch, timeoutMs: init.timeoutMs });
  if (result.ok) return { ok: true, status: result.status };
  switch (result.kind) {
    case 'http':
      return fail(result.retryable ? BUSY : REJECTED, result.retryable, result.status);
    case 'timeout':
      return fail(TIMEOUT, true);
    case 'network':
      return fail(OFFLINE, true);
    default:
      return fail(BROKEN, false);
  }
}

function fail(message: string, retryable: boolean, status?: number): { ok: false; error: DeliveryError } {
  return { ok: false, error: status === undefined ? { message, retryable } : { message, status, retryable } };
}
