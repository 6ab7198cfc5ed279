import { describe, expect, it } from 'vitest';
import { postLead } from './post-lead.js';
import type { LeadPayload } from '../payload/lead-payload.js';

const payload: LeadPayload = {
  schema: 'cairn.lead/1',
  id: '6f1c2a52-0d7e-4b8e-9a43-3c1f0e2b9d11',
  form: { id: 'demo', version: 1 },
  submittedAt: '2025-01-01T00:00:00.000Z',
  answers: { email: 'ada@example.com' },
  context: { page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
};

interface Recorded {
  url: string;
  init: RequestInit;
}
/** A real fetch stand-in that records what it was asked and answers with `status`. */
function recordingFetch(status = 200) {
  const calls: Recorded[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return new Response(status === 204 ? null : '{}', { status });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

describe('postLead', () => {
  it('POSTs the payload as JSON with the idempotency key', async () => {
    const { calls, fetch } = recordingFetch(201);
    const result = await postLead('https://hooks.acme.test/lead', payload, { fetch, headers: { Authorization: 'Bearer t' } });
    expect(result).toEqual({ ok: true, status: 201 });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [Recorded];
    expect(url).toBe('https://hooks.acme.test/lead');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({
      Authorization: 'Bearer t',
      'Content-Type': 'application/json',
      'Idempotency-Key': payload.id,
    });
    expect(JSON.parse(init.body as string)).toEqual(payload);
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('keeps its own Content-Type and Idempotency-Key whatever the config says', async () => {
    const { calls, fetch } = recordingFetch();
    await postLead('https://x.test/', payload, { fetch, headers: { 'content-type': 'text/plain', 'IDEMPOTENCY-KEY': 'mine', 'X-Form': 'a' } });
    expect(calls[0]!.init.headers).toEqual({ 'X-Form': 'a', 'Content-Type': 'application/json', 'Idempotency-Key': payload.id });
  });

  it('resolves a relative endpoint against baseUrl, else the page', async () => {
    const { calls, fetch } = recordingFetch();
    await postLead('/api/lead?src=form', payload, { fetch, baseUrl: 'https://site.test/pricing/' });
    await postLead('lead', payload, { fetch });
    expect(calls.map((c) => c.url)).toEqual(['https://site.test/api/lead?src=form', new URL('lead', location.href).href]);
  });

  it.each([
    [204, { ok: true, status: 204 }],
    [400, { ok: false, error: { status: 400, retryable: false, message: "We couldn't accept your details. Please contact us another way." } }],
    [404, { ok: false, error: { status: 404, retryable: false, message: "We couldn't accept your details. Please contact us another way." } }],
    [408, { ok: false, error: { status: 408, retryable: true, message: "We couldn't send your details right now. Please try again in a moment." } }],
    [425, { ok: false, error: { status: 425, retryable: true, message: "We couldn't send your details right now. Please try again in a moment." } }],
    [429, { ok: false, error: { status: 429, retryable: true, message: "We couldn't send your details right now. Please try again in a moment." } }],
    [500, { ok: false, error: { status: 500, retryable: true, message: "We couldn't send your details right now. Please try again in a moment." } }],
    [503, { ok: false, error: { status: 503, retryable: true, message: "We couldn't send your details right now. Please try again in a moment." } }],
  ])('classifies HTTP %i', async (status, expected) => {
    const { fetch } = recordingFetch(status);
    expect(await postLead('https://x.test/', payload, { fetch })).toEqual(expected);
  });

  it('treats a network error as retryable, and never throws', async () => {
    const rejecting = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const throwing = (() => {
      throw new Error('sync boom');
    }) as unknown as typeof fetch;
    const expected = {
      ok: false,
      error: { retryable: true, message: "We couldn't send your details. Check your connection and try again." },
    };
    expect(await postLead('https://x.test/', payload, { fetch: rejecting })).toEqual(expected);
    expect(await postLead('https://x.test/', payload, { fetch: throwing })).toEqual(expected);
  });

  it('aborts after timeoutMs and reports a retryable timeout', async () => {
    let aborted = false;
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal!.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
      })) as unknown as typeof fetch;
    const result = await postLead('https://x.test/', payload, { fetch: hanging, timeoutMs: 20 });
    expect(aborted).toBe(true);
    expect(result).toEqual({ ok: false, error: { retryable: true, message: 'The server took too long to answer. Please try again.' } });
  });

  it('reports an endpoint it cannot resolve as not retryable', async () => {
    const { calls, fetch } = recordingFetch();
    const result = await postLead('http://[bad', payload, { fetch });
    expect(result).toMatchObject({ ok: false, error: { retryable: false } });
    expect(calls).toHaveLength(0);
  });
});
