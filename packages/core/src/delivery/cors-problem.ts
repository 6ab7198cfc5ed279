import type { DeliveryRequest } from './delivery-request.js';

/** Request headers a browser sends cross-origin without asking the server first (values aside). */
const SAFELISTED = /^(accept|accept-language|content-language)$/i;

/**
 * Why `request` failed at the network level, when the reason is certain and retrying cannot fix
 * it: the endpoint answers (a `no-cors` HEAD gets through) but the browser refuses this page its
 * request (CORS): no `Access-Control-Allow-Origin` for the page, or a preflight (OPTIONS) that
 * does not allow the method and headers the lead is sent with. '' otherwise — offline, the server
 * down or unreachable, a hiccup — and the lead is retried as usual. Sends no lead: at most two
 * HEAD requests. The page's own Content-Security-Policy refusing the endpoint (`connect-src`) is
 * named too: the probe is refused like the lead, and the browser reports the violation.
 */
export async function corsProblem(request: DeliveryRequest, doFetch: typeof fetch = fetch): Promise<string> {
  if (globalThis.navigator?.onLine === false) return '';
  const head = (mode: RequestMode) =>
    doFetch(request.url, { method: 'HEAD', mode, cache: 'no-store', credentials: 'omit' }).then(
      () => true,
      () => false,
    );
  const refused = cspRefusal(request.url);
  if (!(await head('no-cors'))) return refused();
  if (request.mode == 'no-cors') return '';
  const asked = Object.keys(request.headers).filter((name) => !SAFELISTED.test(name));
  const preflight = `its answer to the preflight (OPTIONS) must allow the method ${request.method} (Access-Control-Allow-Methods) and the headers ${asked.join(', ')} (Access-Control-Allow-Headers)`;
  // A plain HEAD is not preflighted: when it gets through, the page's origin is allowed and the preflight is what fails.
  if (await head('cors')) return `the browser refused the request (CORS): ${preflight}`;
  const origin = globalThis.location?.origin ?? "the page's origin";
  return `the browser refused the request (CORS): its answers must carry Access-Control-Allow-Origin: ${origin} (or *), and ${preflight}`;
}

/**
 * Listens, from now, for the page's Content-Security-Policy refusing a request to `url`'s origin;
 * returns what says so once the probe failed (after a moment: the browser reports a violation in
 * a task of its own), or '' when none came.
 */
function cspRefusal(url: string): () => Promise<string> {
  const doc = globalThis.document;
  if (!doc) return async () => '';
  const { origin } = new URL(url);
  let directive = '';
  const heard = (e: SecurityPolicyViolationEvent) => {
    try {
      if (new URL(e.blockedURI).origin == origin) directive = e.effectiveDirective;
    } catch {
      /* a blocked URI that is no URL (inline script, a dynamic code call): not ours */
    }
  };
  doc.addEventListener('securitypolicyviolation', heard);
  return async () => {
    await new Promise((r) => setTimeout(r, 100));
    doc.removeEventListener('securitypolicyviolation', heard);
    return directive
      ? `the page's Content-Security-Policy does not allow requests to ${origin} (${directive}): add ${origin} to connect-src on the pages with this form`
      : '';
  };
}
