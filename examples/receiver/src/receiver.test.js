// @vitest-environment node
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreLead } from '@cairn/core';
import { checkLead, compareScore, escapeHtml, renderLeadsPage, startReceiver } from './receiver.js';

/** @param {Partial<Record<string, unknown>>} [overrides] */
function lead(overrides = {}) {
  return {
    schema: 'cairn.lead/1',
    id: '6f1c1a52-8a2c-4c55-9d5e-0b8f0f3f5b11',
    form: { id: 'demo-request', version: 1 },
    submittedAt: '2025-01-01T00:00:00.000Z',
    answers: { email: 'ada@example.com', company_size: '5000+' },
    context: { page: 'https://www.example.com/', referrer: '', utm: { source: 'linkedin' }, locale: 'en', timezone: 'UTC' },
    ...overrides,
  };
}

let dir = '';
/** @type {Awaited<ReturnType<typeof startReceiver>> | undefined} */
let receiver;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-receiver-'));
});

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(options = {}) {
  receiver = await startReceiver({ port: 0, file: join(dir, 'leads.jsonl'), ...options });
  return receiver;
}

/** @param {string} url @param {unknown} body @param {Record<string, string>} [headers] */
function post(url, body, headers = {}) {
  return fetch(`${url}/leads`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /leads', () => {
  it('stores a lead, answers 201 with its id, and appends one JSON line', async () => {
    const { url, file } = await start();
    const response = await post(url, lead(), { 'Idempotency-Key': lead().id, Origin: 'http://www.test' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: lead().id, duplicate: false });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const stored = JSON.parse(lines[0] ?? '');
    expect(stored).toMatchObject({ idempotencyKey: lead().id, origin: 'http://www.test', lead: lead() });
    expect(Date.parse(stored.receivedAt)).not.toBeNaN();
  });

  it('accepts text/plain with a JSON body (as navigator.sendBeacon sends it)', async () => {
    const { url } = await start();
    const response = await post(url, lead(), { 'Content-Type': 'text/plain;charset=UTF-8' });
    expect(response.status).toBe(201);
  });

  it('answers a repeated id with 200 and duplicate: true, storing it once', async () => {
    const { url, file } = await start();
    expect((await post(url, lead())).status).toBe(201);
    const again = await post(url, lead());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: lead().id, duplicate: true });
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('honours the Idempotency-Key header even when the body id differs', async () => {
    const { url } = await start();
    expect((await post(url, lead({ id: 'a' }), { 'Idempotency-Key': 'key-1' })).status).toBe(201);
    const again = await post(url, lead({ id: 'b' }), { 'Idempotency-Key': 'key-1' });
    expect(again.status).toBe(200);
    expect((await again.json()).duplicate).toBe(true);
  });

  it('treats concurrent retries of the same lead as one', async () => {
    const { url, leads } = await start();
    const statuses = (await Promise.all([post(url, lead()), post(url, lead()), post(url, lead())])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 200, 201]);
    expect(leads()).toHaveLength(1);
  });

  it('remembers leads stored by an earlier run of the receiver', async () => {
    const file = join(dir, 'leads.jsonl');
    await writeFile(file, `${JSON.stringify({ receivedAt: 'x', idempotencyKey: null, origin: null, lead: lead() })}\n{"half-written`);
    const { url, leads } = await start({ file });
    expect(leads()).toHaveLength(1);
    expect((await post(url, lead())).status).toBe(200);
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['an array', [], /JSON object/],
    ['a wrong schema', lead({ schema: 'cairn.lead/0' }), /schema must be 'cairn.lead\/1'/],
    ['no id', lead({ id: undefined }), /id must be a non-empty string/],
    ['an empty id', lead({ id: '' }), /id must be a non-empty string/],
  ])('refuses %s with 400 and says why', async (_name, body, message) => {
    const { url, leads } = await start();
    const response = await post(url, body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
    expect(leads()).toHaveLength(0);
  });

  it('refuses other content types with 415', async () => {
    const { url } = await start();
    const response = await post(url, 'email=a', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const { url } = await start();
    const response = await post(url, lead({ answers: { big: 'x'.repeat(300 * 1024) } }));
    expect(response.status).toBe(413);
  });
});

describe('CORS', () => {
  it('answers a preflight by reflecting the origin and allowing Content-Type and Idempotency-Key', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/leads`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://www.test:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://www.test:5173');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('sets Access-Control-Allow-Origin on the POST response too', async () => {
    const { url } = await start();
    const response = await post(url, lead(), { Origin: 'http://www.test' });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://www.test');
  });

  it('with an allow-list, admits listed origins and refuses others (403) without storing', async () => {
    const { url, leads } = await start({ allowOrigins: ['http://www.test'] });
    const refused = await fetch(`${url}/leads`, { method: 'OPTIONS', headers: { Origin: 'http://evil.test' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(url, lead({ id: 'x' }), { Origin: 'http://evil.test' })).status).toBe(403);
    expect((await post(url, lead({ id: 'y' }), { Origin: 'http://www.test' })).status).toBe(201);
    expect(leads().map((stored) => stored.lead.id)).toEqual(['y']);
  });

  it("with '*', answers the wildcard", async () => {
    const { url } = await start({ allowOrigins: '*' });
    const response = await fetch(`${url}/leads`, { method: 'OPTIONS', headers: { Origin: 'http://a.test' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('GET', () => {
  it('/leads.json lists stored leads', async () => {
    const { url } = await start();
    await post(url, lead(), { 'Idempotency-Key': 'k' });
    const list = await (await fetch(`${url}/leads.json`)).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ idempotencyKey: 'k', lead: { id: lead().id } });
  });

  it('/leads is an HTML page in which every received value is escaped', async () => {
    const { url } = await start();
    const evil = '<img src=x onerror=alert(1)>';
    await post(url, lead({ id: `"><script>alert(1)</script>`, answers: { [evil]: evil, ok: 'Ada & Co' } }));
    const response = await fetch(`${url}/leads`);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('Ada &#38; Co');
    expect(html).toContain('Leads received (1)');
  });

  it('answers 404 elsewhere and 405 for a wrong method', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/leads`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('helpers', () => {
  it('escapeHtml escapes the five HTML metacharacters and the backtick', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\``)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#96;');
  });

  it('checkLead accepts a lead and names what is wrong otherwise', () => {
    expect(checkLead(lead())).toBeUndefined();
    expect(checkLead(null)).toMatch(/object/);
    expect(checkLead(lead({ answers: [] }))).toMatch(/answers/);
    expect(checkLead(lead({ id: 'x'.repeat(201) }))).toMatch(/at most/);
  });

  it('renderLeadsPage says so when there are no leads', () => {
    expect(renderLeadsPage([])).toContain('No leads yet');
  });
});

/** A form with scoring, and a lead scored by the browser's code (`scoreLead` of the payload). */
const SCORED_FORM = {
  id: 'scored',
  version: 3,
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'email', type: 'email', label: 'Email' },
        { id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'] },
      ],
    },
  ],
  submit: { endpoint: '/leads' },
  signals: { pages: { pricing: '/pricing*' } },
  scoring: {
    fit: [
      { id: 'big', when: { field: 'size', equals: '1000+' }, points: 50, reason: 'Large company' },
      { id: 'free', when: { email: 'free' }, points: -20, reason: 'Free mail' },
    ],
    intent: [{ id: 'pricing', when: { signal: 'pricing.views', gte: 2 }, points: 40, reason: 'Pricing twice' }],
    stages: { mql: { fit: 50, intent: 30 } },
    routes: [{ when: { score: 'stage', equals: 'mql' }, route: 'enterprise', priority: 'high' }, { route: 'nurture' }],
  },
};
const T = Date.parse('2026-03-01T12:00:00.000Z');
function scoredLead(answers = { email: 'ada@acme.com', size: '1000+' }, id = 'lead-1') {
  const signals = {
    v: 1,
    pages: { n: 2, first: T - 864e5, last: T - 36e5 },
    visits: { n: 2, first: T - 864e5, last: T - 36e5 },
    groups: { pricing: { n: 2, first: T - 864e5, last: T - 36e5 } },
    events: {},
    forms: {},
    paths: ['/pricing'],
  };
  const payload = lead({ id, form: { id: 'scored', version: 3 }, submittedAt: new Date(T).toISOString(), answers, context: { ...lead().context, signals } });
  return { ...payload, score: scoreLead(/** @type {any} */ (SCORED_FORM), /** @type {any} */ (payload)) };
}

describe('re-scoring', () => {
  it('re-scores every lead with its form config and confirms an honest score', async () => {
    const r = await start({ forms: [SCORED_FORM] });
    const honest = scoredLead();
    expect(honest.score).toMatchObject({ stage: 'mql', route: 'enterprise' });
    expect((await post(r.url, honest)).status).toBe(201);
    expect(r.leads()[0]?.rescore).toMatchObject({ fit: 50, stage: 'mql', route: 'enterprise', priority: 'high', matches: true, differences: [] });
    expect(r.log.at(-1)).toContain('score verified');
    // stored with the lead, and read back after a restart
    await r.close();
    const again = await start({ forms: [SCORED_FORM] });
    expect(again.leads()[0]?.rescore?.matches).toBe(true);
  });

  it('flags a lead whose score was edited, naming what differs, on /leads too', async () => {
    const r = await start({ forms: [SCORED_FORM] });
    const edited = scoredLead({ email: 'ada@gmail.com', size: '1-49' });
    expect(edited.score.stage).toBe('lead');
    edited.score = { ...edited.score, fit: 95, grade: 'A2', stage: 'mql' };
    expect((await post(r.url, edited)).status).toBe(201); // stored all the same: a lead is never dropped
    const { rescore } = r.leads()[0] ?? {};
    expect(rescore).toMatchObject({ fit: 0, stage: 'lead', matches: false });
    expect(rescore?.differences.map((d) => d.key)).toEqual(['fit', 'grade', 'stage']);
    expect(rescore?.differences[0]).toEqual({ key: 'fit', client: 95, server: 0 });
    expect(r.log.at(-1)).toContain('SCORE MISMATCH: fit, grade, stage');
    const html = await (await fetch(`${r.url}/leads`)).text();
    expect(html).toContain('⚠ score mismatch');
    expect(html).toContain('fit 95 (re-scored: 0)');
  });

  it('also flags changed answers or signals under an unchanged score', async () => {
    const r = await start({ forms: [SCORED_FORM] });
    const tampered = scoredLead();
    tampered.context.signals.groups.pricing.n = 1; // the reasons no longer hold
    await post(r.url, tampered);
    expect(r.leads()[0]?.rescore?.matches).toBe(false);
    expect(r.leads()[0]?.rescore?.differences.map((d) => d.key)).toContain('intent');
  });

  it('reads the form configs from a directory, by form id', async () => {
    const forms = join(dir, 'forms');
    await import('node:fs/promises').then((fs) => fs.mkdir(forms));
    await writeFile(join(forms, 'scored.json'), JSON.stringify(SCORED_FORM));
    await writeFile(join(forms, 'broken.json'), '{ nope');
    const r = await start({ forms });
    await post(r.url, scoredLead());
    expect(r.leads()[0]?.rescore?.matches).toBe(true);
    expect(r.log.some((line) => line.includes('broken.json is not JSON'))).toBe(true);
  });

  it('a lead claiming a score for a form it has no config of is marked, not dropped', async () => {
    const r = await start({ forms: [] });
    expect((await post(r.url, scoredLead())).status).toBe(201);
    expect(r.leads()[0]?.rescore).toMatchObject({ matches: false, error: 'no config for form scored' });
  });

  it('by default uses the landing page’s forms (the demo)', async () => {
    const r = await start();
    await post(r.url, lead({ score: { fit: 100, intent: 100, grade: 'A1', stage: 'mql' } }));
    expect(r.leads()[0]?.rescore?.matches).toBe(false);
    expect(r.leads()[0]?.rescore?.error).toBeUndefined();
  });

  it('compareScore compares every key of the score, the reasons too', () => {
    const honest = scoredLead();
    expect(compareScore(SCORED_FORM, honest, scoreLead).matches).toBe(true);
    const reasons = { ...honest, score: { ...honest.score, reasons: [] } };
    expect(compareScore(SCORED_FORM, reasons, scoreLead).differences.map((d) => d.key)).toEqual(['reasons']);
  });
});
