import type { LeadPayload } from '../payload/lead-payload.js';
import { absoluteUrl, type BuildResult, type DeliveryRequest } from './delivery-request.js';
import { leadJson } from './lead-json.js';

/**
 * The last-chance request, sent on `pagehide` for leads still pending: the
 * page may be gone before a normal fetch answers, so the request must outlive
 * it (`navigator.sendBeacon`, or `fetch` with `keepalive`) and must not need a
 * CORS preflight (a preflight would not survive the page). Hence a "simple"
 * request: `Content-Type: text/plain;charset=UTF-8`, no custom headers, the
 * JSON payload as the body with the idempotency key inside it (`id`).
 *
 * What a receiver must accept: a POST whose body is the same `cairn.lead/1`
 * JSON as usual but labelled `text/plain;charset=UTF-8` and without the
 * `Idempotency-Key` header; read the id from the body. Cairn does not learn
 * the answer, so the lead stays pending and is sent again (same id) on the
 * next page load: receivers must drop duplicates by id.
 */

/** Browsers allow at most 64 KiB of keepalive/beacon bodies in flight per page (shared by both APIs). */
export const KEEPALIVE_BUDGET_BYTES = 65_536;

/** The CORS-safelisted content type of the last-chance JSON body. */
export const LAST_CHANCE_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** The json transport's last-chance request: the payload as text/plain, no custom headers, keepalive. */
export function buildLastChanceRequest(payload: LeadPayload, endpoint: string, baseUrl?: string): BuildResult {
  const url = absoluteUrl(endpoint, baseUrl);
  if (!url) return { ok: false, message: `endpoint "${endpoint}" is not an http(s) URL` };
  return {
    ok: true,
    request: { url, method: 'POST', headers: { 'Content-Type': LAST_CHANCE_CONTENT_TYPE }, body: leadJson(payload), keepalive: true },
  };
}

export type LastChanceOutcome =
  | { sent: true; via: 'beacon' | 'keepalive'; bytes: number }
  | { sent: false; reason: 'over-budget' | 'unavailable' | 'refused'; bytes: number };

export interface LastChanceSender {
  /** Sends without waiting for an answer. Never throws. */
  send(request: DeliveryRequest): LastChanceOutcome;
  /** Bytes of bodies sent and possibly still in flight. */
  readonly inFlightBytes: number;
  /** Forget beacon bytes (call on `pageshow` after the page came back from the back/forward cache). */
  reset(): void;
}

export interface LastChanceSenderOptions {
  /** Default: `navigator.sendBeacon`. Preferred: it is the one every browser delivers after unload. */
  sendBeacon?: ((url: string, data: Blob | string) => boolean) | null;
  /** Default: the global `fetch`, used with `keepalive` when there is no sendBeacon or it refuses. */
  fetch?: typeof fetch | null;
  /** Default KEEPALIVE_BUDGET_BYTES. */
  budgetBytes?: number;
}

/**
 * Sends last-chance requests within the page's keepalive budget. The bytes of
 * every body sent count against the budget: keepalive fetches until they
 * settle, beacons until `reset()` (the browser does not say when a beacon is
 * done). A request that would overrun the budget is not sent ('over-budget'):
 * it stays in the outbox for the next page load.
 */
export function createLastChanceSender(o: LastChanceSenderOptions = {}): LastChanceSender {
  const budget = o.budgetBytes ?? KEEPALIVE_BUDGET_BYTES;
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  const beacon = o.sendBeacon !== undefined ? o.sendBeacon : typeof nav?.sendBeacon === 'function' ? nav.sendBeacon.bind(nav) : null;
  const doFetch = o.fetch !== undefined ? o.fetch : ((globalThis as { fetch?: typeof fetch }).fetch ?? null);
  let beaconBytes = 0;
  let fetchBytes = 0;

  return {
    get inFlightBytes() {
      return beaconBytes + fetchBytes;
    },
    reset: () => void (beaconBytes = 0),
    send(request) {
      const bytes = new TextEncoder().encode(request.body).byteLength;
      if (beaconBytes + fetchBytes + bytes > budget) return { sent: false, reason: 'over-budget', bytes };
      const type = request.headers['Content-Type'] ?? LAST_CHANCE_CONTENT_TYPE;
      if (beacon)
        try {
          // A Blob carries the content type; both types used here are CORS-safelisted, so no preflight.
          if (beacon(request.url, new Blob([request.body], { type }))) {
            beaconBytes += bytes;
            return { sent: true, via: 'beacon', bytes };
          }
        } catch {
          /* fall through to fetch */
        }
      if (!doFetch) return { sent: false, reason: beacon ? 'refused' : 'unavailable', bytes };
      const init: RequestInit = { method: 'POST', headers: { 'Content-Type': type }, body: request.body, keepalive: true };
      if (request.mode) init.mode = request.mode;
      if (request.credentials) init.credentials = request.credentials;
      fetchBytes += bytes;
      const done = () => void (fetchBytes -= bytes);
      try {
        doFetch(request.url, init).then(done, done);
      } catch {
        done();
        return { sent: false, reason: 'refused', bytes };
      }
      return { sent: true, via: 'keepalive', bytes };
    },
  };
}
