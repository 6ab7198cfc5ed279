import { afterEach, describe, expect, it, vi } from 'vitest';
import { corsProblem } from './cors-problem.js';
import { buildJsonRequest } from './json-request.js';
import type { LeadPayload } from '../payload/lead-payload.js';

const payload = { id: 'lead-1' } as LeadPayload;
const built = buildJsonRequest(payload, { endpoint: 'https://crm.example/leads', headers: { 'X-Api-Key': 'k' } });
const request = built.ok ? built.request : (undefined as never);

/** A fetch whose HEAD in each mode gets an answer (`true`) or fails like a refused request (`false`). */
const fetchWith = (answers: { 'no-cors': boolean; cors: boolean }) =>
  vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    expect(init?.method).toBe('HEAD'); // never the lead itself
    if (!answers[init?.mode as 'cors' | 'no-cors']) throw new TypeError('Failed to fetch');
    return new Response(null, { status: 405 });
  });

afterEach(() => vi.unstubAllGlobals());

describe('corsProblem', () => {
  it('reachable, and a plain HEAD gets through: the preflight is at fault, and it names the method and every header the lead is sent with', async () => {
    const doFetch = fetchWith({ 'no-cors': true, cors: true });
    const said = await corsProblem(request, doFetch as typeof fetch);
    expect(said).toBe(
      'the browser refused the request (CORS): its answer to the preflight (OPTIONS) must allow the method POST (Access-Control-Allow-Methods) and the headers X-Api-Key, Content-Type, Idempotency-Key (Access-Control-Allow-Headers)',
    );
    expect(doFetch).toHaveBeenCalledTimes(2);
  });

  it('reachable, but not even a plain HEAD gets through: Access-Control-Allow-Origin for the page, and the preflight', async () => {
    const said = await corsProblem(request, fetchWith({ 'no-cors': true, cors: false }) as typeof fetch);
    expect(said).toMatch(/^the browser refused the request \(CORS\): its answers must carry Access-Control-Allow-Origin: .+ \(or \*\), and its answer to the preflight/);
  });

  it('unreachable (down, a wrong host): nothing certain, retried as usual', async () => {
    expect(await corsProblem(request, fetchWith({ 'no-cors': false, cors: false }) as typeof fetch)).toBe('');
  });

  it('a no-cors destination (Salesforce) that answers: never CORS (one no-cors probe only)', async () => {
    const doFetch = fetchWith({ 'no-cors': true, cors: false });
    expect(await corsProblem({ ...request, mode: 'no-cors' }, doFetch as typeof fetch)).toBe('');
    expect(doFetch.mock.calls.map(([, init]) => init?.mode)).toEqual(['no-cors']);
  });

  it('offline: no probe at all', async () => {
    const doFetch = fetchWith({ 'no-cors': true, cors: true });
    vi.stubGlobal('navigator', { onLine: false });
    expect(await corsProblem(request, doFetch as typeof fetch)).toBe('');
    expect(doFetch).not.toHaveBeenCalled();
  });

  it("the page's CSP refusing the endpoint: named, with the directive and the fix (the probe is refused too)", async () => {
    // as Chromium does: the refused request rejects, and a violation is reported on the document
    const doFetch = vi.fn(async (url: string) => {
      setTimeout(() => document.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: url, effectiveDirective: 'connect-src' })), 5);
      throw new TypeError('Failed to fetch');
    });
    expect(await corsProblem(request, doFetch as unknown as typeof fetch)).toBe(
      "the page's Content-Security-Policy does not allow requests to https://crm.example (connect-src): add https://crm.example to connect-src on the pages with this form",
    );
    // a violation for another origin is not this endpoint's
    const other = vi.fn(async () => {
      setTimeout(() => document.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: 'https://elsewhere.example/x', effectiveDirective: 'connect-src' })), 5);
      throw new TypeError('Failed to fetch');
    });
    expect(await corsProblem(request, other as unknown as typeof fetch)).toBe('');
  });
});
