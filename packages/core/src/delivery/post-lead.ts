import type { LeadPayload } from '../payload/lead-payload.js';
import type { DeliveryError, DeliveryResult } from '../session/form-session.js';
import { buildJsonRequest } from './json-request.js';
import { sendRequest } from './send-request.js';
import { DELIVERY_BROKEN, DELIVERY_BUSY, DELIVERY_OFFLINE, DELIVERY_REFUSED, DELIVERY_TIMEOUT } from '../model/words.js';

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

/**
 * POSTs the lead as JSON with an `Idempotency-Key` header (the payload id, the
 * same on every retry) and classifies the outcome: one attempt of the json
 * transport (`buildJsonRequest` + `sendRequest`), in the visitor's words.
 * Never throws: every failure is a `DeliveryResult` whose `retryable` tells a
 * retry loop whether to try again.
 */
export async function postLead(endpoint: string, payload: LeadPayload, init: PostLeadInit = {}): Promise<DeliveryResult> {
  const built = buildJsonRequest(payload, { endpoint, headers: init.headers }, init.baseUrl);
  if (!built.ok) return fail(DELIVERY_BROKEN, false); // e.g. a relative endpoint with nothing to resolve it against
  const result = await sendRequest(built.request, { fetch: init.fetch, timeoutMs: init.timeoutMs });
  if (result.ok) return { ok: true, status: result.status };
  switch (result.kind) {
    case 'http':
      return fail(result.retryable ? DELIVERY_BUSY : DELIVERY_REFUSED, result.retryable, result.status);
    case 'timeout':
      return fail(DELIVERY_TIMEOUT, true);
    case 'network':
      return fail(DELIVERY_OFFLINE, true);
    default:
      return fail(DELIVERY_BROKEN, false);
  }
}

function fail(message: string, retryable: boolean, status?: number): { ok: false; error: DeliveryError } {
  return { ok: false, error: status === undefined ? { message, retryable } : { message, status, retryable } };
}
