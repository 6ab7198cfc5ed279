import type { LeadPayload } from '../payload/lead-payload.js';
import { absoluteUrl, extraHeaders, type BuildResult } from './delivery-request.js';
import { leadJson } from './lead-json.js';

/** What the json transport needs from its destination. */
export interface JsonTarget {
  /** Absolute URL, or a path resolved against `baseUrl` (default: the page). */
  endpoint: string;
  /** Extra request headers; `Content-Type` and `Idempotency-Key` are always Cairn's. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The json transport: POST the payload as JSON, with the payload id as
 * `Idempotency-Key` (the same on every retry, and also inside the body) so a
 * receiver can drop duplicates.
 */
export function buildJsonRequest(payload: LeadPayload, target: JsonTarget, baseUrl?: string): BuildResult {
  const url = absoluteUrl(target.endpoint, baseUrl);
  if (!url) return { ok: false, message: `endpoint "${target.endpoint}" is not an http(s) URL` };
  const headers = extraHeaders(target.headers, ['content-type', 'idempotency-key']);
  if (typeof headers === 'string') return { ok: false, message: headers };
  headers['Content-Type'] = 'application/json';
  headers['Idempotency-Key'] = payload.id;
  return { ok: true, request: { url, method: 'POST', headers, body: leadJson(payload) } };
}
