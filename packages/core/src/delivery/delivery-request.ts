/**
 * What a transport hands to `sendRequest`, and what comes back. Request
 * builders are pure functions of the lead and the destination, so their exact
 * output (method, URL, headers, body) is tested without a network.
 */

export interface DeliveryRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** 'no-cors' for receivers that send no CORS headers (Salesforce): the browser then hides the response. */
  mode?: 'cors' | 'no-cors';
  /** Send no cookies to third parties (HubSpot, Salesforce). Default: the fetch default, 'same-origin'. */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Let the request outlive the page (pagehide). Browsers allow 64 KiB of such bodies in flight per page. */
  keepalive?: boolean;
}

/** A request, or why this destination cannot build one (a config problem: retrying will not help). */
export type BuildResult = { ok: true; request: DeliveryRequest } | { ok: false; message: string };

/**
 * How one delivery attempt went. `kind` says what failed: 'http' (the receiver
 * answered with an error status), 'network', 'timeout', or 'config' (no request
 * could be built or sent). `retryAfterMs` is the receiver's `Retry-After`.
 * `opaque`: sent with mode 'no-cors', so the browser hid the answer; counted as delivered.
 */
export type AttemptResult =
  | { ok: true; status?: number; opaque?: true }
  | {
      ok: false;
      retryable: boolean;
      kind: 'http' | 'network' | 'timeout' | 'config';
      status?: number;
      retryAfterMs?: number;
      message: string;
    };

/** A failed attempt that retrying cannot fix. */
export const configFailure = (message: string): AttemptResult => ({ ok: false, retryable: false, kind: 'config', message });

// RFC 9110 token: a header name outside it makes fetch throw a TypeError that looks like a network error.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Configured headers without the names Cairn sets itself (compared case-insensitively); an error message for an invalid name. */
export function extraHeaders(headers: Readonly<Record<string, string>> | undefined, reserved: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!TOKEN.test(name)) return `invalid header name "${name}"`;
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) return `invalid value for header "${name}"`;
    if (!reserved.includes(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/** `endpoint` as an absolute http(s) URL, resolved against `baseUrl` (default: the page), or undefined. */
export function absoluteUrl(endpoint: string, baseUrl?: string): string | undefined {
  try {
    const url = new URL(endpoint, baseUrl ?? (globalThis as { location?: Location }).location?.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined; // a relative endpoint with nothing to resolve it against
  }
}
