import type { FormConfig, LeadPayload } from '../index.js';
import { describe, expect, it, vi } from 'vitest';
import { enrichPayload, enrichQuery } from './enrich.js';

const form = (enrich?: FormConfig['submit']['enrich']): FormConfig => ({
  id: 'demo',
  version: 1,
  steps: [{ id: 's', fields: [{ id: 'work_email', type: 'email', label: 'Email' }, { id: 'company', type: 'text', label: 'Company' }] }],
  submit: { endpoint: '/leads', enrich },
});
const lead = (email = 'ada@mail.acme.co.uk'): LeadPayload => ({
  schema: 'cairn.lead/1',
  id: 'lead-1',
  form: { id: 'demo', version: 1 },
  submittedAt: '2025-01-01T00:00:00.000Z',
  answers: { work_email: email, company: 'Acme' },
  context: { page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
});

/** Timers the test fires by hand. */
function manual() {
  const pending: (() => void)[] = [];
  return { setTimeout: (run: () => void) => pending.push(run), clearTimeout: () => {}, fire: () => pending.splice(0).forEach((r) => r()) };
}

describe('enrichment', () => {
  it('merges what the hook resolves as payload.enrichment, in place, once', async () => {
    const hook = vi.fn(async (p: LeadPayload) => ({ employees: 5200, seenEmail: p.answers.work_email }));
    const payload = lead();
    const out = await enrichPayload(payload, form(), hook);
    expect(out).toBe(payload);
    expect(payload.enrichment).toEqual({ employees: 5200, seenEmail: 'ada@mail.acme.co.uk' });
    await enrichPayload(payload, form(), hook); // a retry of the same lead: the same body, no second call
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('POSTs the email and company domain to submit.enrich.url as a simple request and merges the JSON answer', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = (async (url: string, init: RequestInit) => (calls.push({ url, init }), Response.json({ industry: 'Retail' }))) as unknown as typeof globalThis.fetch;
    const payload = await enrichPayload(lead(), form({ url: 'https://enrich.example.com/v1' }), undefined, { fetch });
    expect(payload.enrichment).toEqual({ industry: 'Retail' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://enrich.example.com/v1');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'text/plain' } });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ email: 'ada@mail.acme.co.uk', companyDomain: 'acme.co.uk' });
  });

  it('fails open: a timeout (default 1.5 s), an error, an HTTP error or a non-object answer leave the lead as it was', async () => {
    const problems: string[] = [];
    const onProblem = (m: string) => problems.push(m);
    const t = manual();
    let ms = 0;
    const never = enrichPayload(lead(), form(), () => new Promise(() => {}), { ...t, setTimeout: (run, wait) => ((ms = wait), t.setTimeout(run)), onProblem });
    t.fire();
    expect((await never).enrichment).toBeUndefined();
    expect(ms).toBe(1500);
    const failing = (async () => new Response('no', { status: 500 })) as unknown as typeof globalThis.fetch;
    expect((await enrichPayload(lead(), form({ url: '/e' }), undefined, { fetch: failing, onProblem })).enrichment).toBeUndefined();
    expect((await enrichPayload(lead(), form(), () => { throw new Error('bug'); }, { onProblem })).enrichment).toBeUndefined();
    expect((await enrichPayload(lead(), form(), async () => ['x'] as never, { onProblem })).enrichment).toBeUndefined();
    expect(problems).toEqual([
      'enrichment gave no answer within 1500 ms; the lead goes without it',
      'enrichment failed (HTTP 500); the lead goes without it',
      'enrichment failed (bug); the lead goes without it',
      'enrichment did not answer with a JSON object; the lead goes without it',
    ]);
  });

  it("honours submit.enrich.timeoutMs, and does nothing without a hook or a URL", async () => {
    let ms = 0;
    await enrichPayload(lead(), form({ url: '/e', timeoutMs: 300 }), async () => ({ a: 1 }), { setTimeout: (run, wait) => ((ms = wait), 0), clearTimeout: () => {} });
    expect(ms).toBe(300);
    const fetch = vi.fn();
    const payload = await enrichPayload(lead(), form(), undefined, { fetch: fetch as never });
    expect(payload.enrichment).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('sends only the email, and the company domain of business addresses', () => {
    expect(enrichQuery(lead('ada@gmail.com'), form())).toEqual({ email: 'ada@gmail.com' });
    expect(enrichQuery(lead(''), form())).toEqual({});
  });
});
