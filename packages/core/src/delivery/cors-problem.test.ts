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

  it('offline, or a no-cors destination (Salesforce): no probe at all', async () => {
    const doFetch = fetchWith({ 'no-cors': true, cors: true });
    expect(await corsProblem({ ...request, mode: 'no-cors' }, doFetch as typeof fetch)).toBe('');
    vi.stubGlobal('navigator', { onLine: false });
    expect(await corsProblem(request, doFetch as typeof fetch)).toBe('');
    expect(doFetch).not.toHaveBeenCalled();
  });
});
