import { describe, expect, it } from 'vitest';
import type { DeliveryRequest } from './delivery-request.js';
import { sendRequest } from './send-request.js';
import type { Timers } from './timers.js';

const request: DeliveryRequest = { url: 'https://x.test/lead', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' };

const answering = (res: () => Response) => {
  const calls: RequestInit[] = [];
  const fetch = (async (_url: string, init: RequestInit) => (calls.push(init), res())) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
};

/** Timers that run only when the test says so. */
const manualTimers = () => {
  const pending = new Map<number, () => void>();
  let n = 0;
  const timers: Timers = {
    setTimeout: (run) => (pending.set(++n, run), n),
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return { timers, fireAll: () => [...pending].forEach(([h, run]) => (pending.delete(h), run())), get size() { return pending.size; } };
};

describe('sendRequest', () => {
  it('passes method, headers, body, mode, credentials and keepalive to fetch', async () => {
    const { calls, fetch } = answering(() => new Response(null, { status: 204 }));
    expect(await sendRequest({ ...request, mode: 'cors', credentials: 'omit', keepalive: true }, { fetch })).toEqual({ ok: true, status: 204 });
    expect(calls[0]).toMatchObject({ method: 'POST', headers: request.headers, body: '{}', mode: 'cors', credentials: 'omit', keepalive: true });
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    [400, false],
    [404, false],
    [422, false],
    [408, true],
    [425, true],
    [429, true],
    [500, true],
    [503, true],
  ])('HTTP %i → retryable %s', async (status, retryable) => {
    const { fetch } = answering(() => new Response('x', { status }));
    expect(await sendRequest(request, { fetch })).toMatchObject({ ok: false, kind: 'http', status, retryable });
  });

  it('reads Retry-After (seconds and HTTP-date) on retryable answers only', async () => {
    const now = () => Date.parse('2025-01-01T00:00:00Z');
    const r429 = answering(() => new Response(null, { status: 429, headers: { 'Retry-After': '7' } }));
    expect(await sendRequest(request, { fetch: r429.fetch, clock: now })).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
    const r503 = answering(() => new Response(null, { status: 503, headers: { 'Retry-After': 'Wed, 01 Jan 2025 00:02:00 GMT' } }));
    expect(await sendRequest(request, { fetch: r503.fetch, clock: now })).toMatchObject({ retryable: true, retryAfterMs: 120_000 });
    const junk = answering(() => new Response(null, { status: 503, headers: { 'Retry-After': 'later' } }));
    expect(await sendRequest(request, { fetch: junk.fetch, clock: now })).not.toHaveProperty('retryAfterMs');
    const r400 = answering(() => new Response(null, { status: 400, headers: { 'Retry-After': '7' } }));
    expect(await sendRequest(request, { fetch: r400.fetch, clock: now })).not.toHaveProperty('retryAfterMs');
  });

  it('never follows a redirect: a failed attempt, retryable, never "delivered" (no-cors requests may only follow)', async () => {
    const { calls, fetch } = answering(() => new Response(null, { status: 302, headers: { Location: 'https://x.test/thanks' } }));
    expect(await sendRequest(request, { fetch })).toEqual({
      ok: false,
      retryable: true,
      kind: 'http',
      status: 302,
      message: 'HTTP 302 to https://x.test/thanks: a lead is never sent on to another address; set the endpoint to the address that accepts it',
    });
    expect(calls[0]!.redirect).toBe('manual');
    // a browser hides the redirect: an opaque-redirect response, status 0
    const hidden = answering(() => ({ type: 'opaqueredirect', status: 0, ok: false, body: null, headers: new Headers() }) as unknown as Response);
    expect(await sendRequest(request, { fetch: hidden.fetch })).toMatchObject({ ok: false, retryable: true, message: expect.stringMatching(/^a redirect: a lead is never sent on/) });
    const noCors = answering(() => new Response(null, { status: 200 }));
    await sendRequest({ ...request, mode: 'no-cors' }, { fetch: noCors.fetch });
    expect(noCors.calls[0]!.redirect).toBeUndefined();
  });

  it('counts an opaque (no-cors) answer as delivered', async () => {
    const opaque = { type: 'opaque', status: 0, ok: false, body: null, headers: new Headers() } as unknown as Response;
    const { calls, fetch } = answering(() => opaque);
    expect(await sendRequest({ ...request, mode: 'no-cors' }, { fetch })).toEqual({ ok: true, status: 0, opaque: true });
    expect(calls[0]!.mode).toBe('no-cors');
  });

  it('a network error is retryable; a missing fetch is not', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await sendRequest(request, { fetch: offline })).toEqual({ ok: false, retryable: true, kind: 'network', message: 'network error: Failed to fetch' });
    const g = globalThis as { fetch?: typeof fetch };
    const real = g.fetch;
    g.fetch = undefined;
    try {
      expect(await sendRequest(request)).toMatchObject({ ok: false, retryable: false, kind: 'config' });
    } finally {
      g.fetch = real;
    }
  });

  it('times out on the injected timer, aborting the fetch, even if fetch ignores the signal', async () => {
    const m = manualTimers();
    let signal: AbortSignal | undefined;
    const deaf = ((_u: string, init: RequestInit) => ((signal = init.signal!), new Promise(() => {}))) as unknown as typeof fetch;
    const pending = sendRequest(request, { fetch: deaf, timers: m.timers, timeoutMs: 1234 });
    await Promise.resolve();
    expect(signal!.aborted).toBe(false);
    m.fireAll();
    expect(await pending).toEqual({ ok: false, retryable: true, kind: 'timeout', message: 'no answer within 1234 ms' });
    expect(signal!.aborted).toBe(true);
  });

  it('clears its timer when answered', async () => {
    const m = manualTimers();
    const { fetch } = answering(() => new Response(null, { status: 200 }));
    await sendRequest(request, { fetch, timers: m.timers });
    expect(m.size).toBe(0);
  });
});
