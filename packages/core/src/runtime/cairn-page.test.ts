// The page runtime through `createForm` (npm), in happy-dom with fake-indexeddb: every config key
// does here what it does in the script tag. Every test a page of its own — a fresh IndexedDB and
// `createCairnPage({ storage: 'indexeddb' })` (test/page-sandbox.ts takes the runtime's listeners
// away after it) — and the network is a stubbed `fetch` (or a `deliver` stand-in where the
// delivery itself is not the point). The console is the real page state's: a test that expects
// a line says so; any other line fails it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { databases, pagePerTest, until } from '../../test/page-sandbox.js';
import { readSignal } from '../behaviour/read-signal.js';
import { createIdbOutbox } from '../delivery/idb-outbox.js';
import { createEntry } from '../delivery/outbox-entry.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import { createIdbProfileStore } from '../profile/idb-store.js';
import type { Profile, ProfileEntry } from '../profile/profile.js';
import type { FormConfig } from '../schema/form-schema.js';
import { createForm, type CreateFormOptions } from '../session/create-form.js';
import { createSession } from '../session/create-session.js';
import type { Deliver, FormSession } from '../session/form-session.js';
import type { AnalyticsWindow } from './analytics.js';
import type { CairnPage } from './cairn-page.js';
import { createCairnPage } from './create-cairn-page.js';
import { readStoredProfile } from './read-profile.js';
import { BEHAVIOUR_DB } from './behaviour-store.js';
import { toVisitorRecord } from '../behaviour/visitor-record.js';

pagePerTest();

const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
const win = window as unknown as AnalyticsWindow;

let page: CairnPage;
const sessions: FormSession[] = [];
/** The last-chance requests on `pagehide` (happy-dom's own sendBeacon would go to the network). */
let beacons: { url: string; body: Promise<string> }[];

beforeEach(() => {
  setUrl('http://localhost:3000/demo');
  beacons = [];
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, data) => (beacons.push({ url: String(url), body: new Response(data).text() }), true));
  page = createCairnPage({ storage: 'indexeddb' });
  win.dataLayer = [];
  delete win.analytics;
});
afterEach(() => {
  sessions.splice(0).forEach((s) => s.destroy());
  delete win.dataLayer;
  delete win.analytics;
});

const ENDPOINT = 'https://hooks.acme.test/lead';
const config = (more: Partial<FormConfig> = {}, submit: Partial<FormConfig['submit']> = {}): FormConfig => ({
  id: 'quote',
  version: 1,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'phone', type: 'tel', label: 'Phone' },
      ],
    },
    {
      id: 'company',
      fields: [
        { id: 'company', type: 'text', label: 'Company' },
        { id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'] },
      ],
    },
  ],
  submit: { endpoint: ENDPOINT, ...submit },
  ...more,
});

/** A form of this test's page (the runtime's own `createForm`, with `page`). */
const mount = (form: FormConfig, options: CreateFormOptions = {}): FormSession => {
  const session = createForm(form, { page, urlParams: {}, cookies: {}, ...options });
  sessions.push(session);
  return session;
};
/** A `deliver` stand-in: every lead arrives. */
const ok: Deliver = async () => ({ ok: true, status: 200 });
/** A `deliver` stand-in that keeps what it was given. */
const keep = () => {
  const payloads: LeadPayload[] = [];
  const deliver: Deliver = async (payload) => (payloads.push(payload), { ok: true, status: 200 });
  return { payloads, deliver };
};
const fill = (s: FormSession, answers: Record<string, string> = { email: 'ada@acme.test', phone: '+44 20 7946 0000' }) => {
  for (const [id, value] of Object.entries(answers)) s.set(id, value);
};

interface Request {
  url: string;
  body: Record<string, unknown>;
  init: RequestInit;
}
/** The network: every request kept (its JSON body parsed); `answer` answers it, default 204. */
const network = (answer: (url: string, init: RequestInit) => Response | Promise<Response> | undefined = () => undefined) => {
  const requests: Request[] = [];
  vi.stubGlobal('fetch', async (input: string | URL | globalThis.Request, init: RequestInit = {}) => {
    const url = typeof input == 'string' ? input : input instanceof URL ? input.href : input.url;
    requests.push({ url, body: typeof init.body == 'string' ? JSON.parse(init.body) : {}, init });
    return (await answer(url, init)) ?? new Response(null, { status: 204 });
  });
  return { requests, leads: () => requests.filter((r) => r.url == ENDPOINT).map((r) => r.body as unknown as LeadPayload) };
};

const DAY = 864e5;
const entry = (value: string, daysAgo = 1): ProfileEntry => ({
  value,
  learnedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
  source: { form: 'earlier', page: 'https://example.test/earlier' },
});
/** A profile stored by an earlier page, telling nobody. */
const seed = async (profile: Profile) => {
  const store = createIdbProfileStore({ channel: false });
  await store.merge(profile);
  store.close();
};
const stored = async () => (await readStoredProfile())[0];
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('submit.partial', () => {
  const partial = (afterSeconds: number) => config({}, { partial: { afterSeconds, fields: ['email'] } });

  it('a visitor who gave the listed fields and then stays quiet for afterSeconds: one lead with partial: true, to the endpoint', async () => {
    const net = network();
    const s = mount(partial(0.05));
    s.set('email', 'not-yet');
    await settle(100);
    expect(net.leads()).toEqual([]); // not a valid email: nothing
    fill(s);
    await until(() => net.leads().length > 0);
    await settle(100);
    expect(net.leads()).toHaveLength(1); // once per form view
    const lead = net.leads()[0]!;
    expect(lead).toMatchObject({ partial: true, form: { id: 'quote', version: 1 }, answers: { email: 'ada@acme.test', phone: '+44 20 7946 0000' } });

    // the full submission later is a lead of its own
    s.next();
    const result = await s.submit();
    expect(result.ok).toBe(true);
    expect(net.leads()).toHaveLength(2);
    expect(net.leads()[1]!.partial).toBeUndefined();
    expect(net.leads()[1]!.id).not.toBe(lead.id);
  });

  it('a partial lead goes to the json receiver, not to a HubSpot destination that did not ask for partial leads (issue 14); the submission goes to both', async () => {
    const net = network();
    const hubspot = { id: 'hs', format: 'hubspot' as const, portalId: 1, formGuid: 'g', fields: { email: 'email', $partial: 'cairn_partial' } };
    const s = mount(config({}, { endpoint: undefined, destinations: [{ id: 'hook', format: 'json', endpoint: ENDPOINT }, hubspot], partial: { afterSeconds: 0.05, fields: ['email'] } }));
    fill(s);
    await until(() => net.leads().length > 0);
    await settle(100);
    const toHubspot = () => net.requests.filter((r) => r.url.startsWith('https://api.hsforms.com/'));
    expect(net.leads()).toMatchObject([{ partial: true }]);
    expect(toHubspot()).toEqual([]);
    s.next();
    expect((await s.submit()).ok).toBe(true);
    await until(() => toHubspot().length > 0);
    // the submission, marked as one
    expect((toHubspot()[0]!.body as unknown as { fields: { name: string; value: string }[] }).fields).toEqual([
      { objectTypeId: '0-1', name: 'email', value: 'ada@acme.test' },
      { objectTypeId: '0-1', name: 'cairn_partial', value: 'false' },
    ]);
  });

  it('leaving the page (pagehide) sends it at once; a submitted form never sends one', async () => {
    const net = network();
    const left = mount(partial(60));
    fill(left);
    const done = mount(partial(60));
    fill(done);
    done.next();
    await done.submit();
    expect(net.leads()).toHaveLength(1);
    dispatchEvent(new Event('pagehide'));
    await until(() => net.leads().length > 1);
    await settle(50);
    expect(net.leads()).toHaveLength(2);
    expect(net.leads()[1]).toMatchObject({ partial: true, answers: { email: 'ada@acme.test' } });
    // made before the engine's last-chance requests, so it is among them (a tab that closes now still sends it)
    expect(beacons.map((b) => b.url)).toEqual([ENDPOINT]);
    expect(JSON.parse(await beacons[0]!.body)).toMatchObject({ id: net.leads()[1]!.id, partial: true });
  });

  it('consent withdrawn on the page: no partial lead', async () => {
    const net = network();
    const s = mount(partial(60));
    fill(s);
    await page.consent(false);
    dispatchEvent(new Event('pagehide'));
    await settle(100);
    expect(net.requests).toEqual([]);
  });
});

describe('submit.enrich', () => {
  it('the `enrich` hook adds payload.enrichment before the lead is sent', async () => {
    const net = network();
    const enrich = vi.fn(async (payload: LeadPayload) => ({ employees: 5200, email: payload.answers.email }));
    const s = mount(config(), { enrich });
    fill(s);
    s.next();
    const result = await s.submit();
    expect(result.ok && result.payload.enrichment).toEqual({ employees: 5200, email: 'ada@acme.test' });
    expect(net.leads()).toHaveLength(1);
    expect(net.leads()[0]!.enrichment).toEqual({ employees: 5200, email: 'ada@acme.test' });
    expect(enrich).toHaveBeenCalledTimes(1);
  });

  it('submit.enrich.url is POSTed the email and company domain; its JSON answer travels as payload.enrichment', async () => {
    const net = network((url) => (url == 'https://enrich.acme.test/v1' ? Response.json({ industry: 'SaaS' }) : undefined));
    const s = mount(config({}, { enrich: { url: 'https://enrich.acme.test/v1' } }));
    fill(s, { email: 'ada@mail.acme.co.uk' });
    s.next();
    expect((await s.submit()).ok).toBe(true);
    const asked = net.requests.find((r) => r.url == 'https://enrich.acme.test/v1')!;
    expect(asked.body).toEqual({ email: 'ada@mail.acme.co.uk', companyDomain: 'acme.co.uk' });
    expect(asked.init).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'text/plain' } });
    expect(net.leads()).toHaveLength(1);
    expect(net.leads()[0]!.enrichment).toEqual({ industry: 'SaaS' });
  });

  it('fails open: no answer within timeoutMs and the lead goes without it (said once on the console)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const net = network((url, init) =>
      url == 'https://enrich.acme.test/v1' ? new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(Error('aborted')))) : undefined,
    );
    const s = mount(config({}, { enrich: { url: 'https://enrich.acme.test/v1', timeoutMs: 50 } }));
    fill(s);
    s.next();
    const result = await s.submit();
    expect(result.ok).toBe(true);
    expect(net.leads()).toHaveLength(1);
    expect(net.leads()[0]!.enrichment).toBeUndefined();
    expect(warn.mock.calls).toEqual([['Cairn: enrichment gave no answer within 50 ms; the lead goes without it']]);
  });
});

describe('analytics', () => {
  it('pushes cairn_view, cairn_start, cairn_step, cairn_submit and cairn_delivered to dataLayer, with the allowed answers only', async () => {
    const { deliver, payloads } = keep();
    const s = mount(config({ analytics: { dataLayer: true, fields: ['size'] } }), { deliver });
    fill(s);
    s.next();
    s.set('size', '1000+');
    await s.submit();
    const id = payloads[0]!.id;
    expect(win.dataLayer).toEqual([
      { event: 'cairn_view', cairn: { form: 'quote', version: 1, step: 'contact' } },
      { event: 'cairn_start', cairn: { form: 'quote', version: 1, step: 'contact' } },
      { event: 'cairn_step', cairn: { form: 'quote', version: 1, step: 'company' } },
      { event: 'cairn_submit', cairn: { size: '1000+', form: 'quote', version: 1, leadId: id } },
      { event: 'cairn_delivered', cairn: { size: '1000+', form: 'quote', version: 1, leadId: id } },
    ]);
    expect(JSON.stringify(win.dataLayer)).not.toMatch(/ada@acme\.test|7946/);
  });

  it('Segment: track per event, identify on submit with the allowed answers only', async () => {
    const track = vi.fn();
    const identify = vi.fn();
    win.analytics = { track, identify };
    const s = mount(config({ analytics: { segment: true, fields: ['email'] } }), { deliver: ok });
    fill(s);
    s.next();
    await s.submit();
    expect(track.mock.calls.map(([event]) => event)).toEqual(['cairn_view', 'cairn_start', 'cairn_step', 'cairn_submit', 'cairn_delivered']);
    expect(identify).toHaveBeenCalledWith({ email: 'ada@acme.test' });
    expect(win.dataLayer).toEqual([]); // not asked for
  });

  it('a runtime connected after the first answer (the script tag connects when idle) counts the start, once', async () => {
    const form = config({ analytics: { dataLayer: true } });
    const session = createSession(form, { urlParams: {}, cookies: {} }, { ...page.services(form), deliver: ok });
    sessions.push(session);
    session.set('email', 'ada@acme.test');
    const disconnect = page.connect(form, session, { answered: { field: 'email', value: 'ada@acme.test' } });
    await Promise.resolve();
    session.set('phone', '+1 555 0100');
    expect(win.dataLayer!.map((e) => (e as { event: string }).event)).toEqual(['cairn_view', 'cairn_start']);
    disconnect();
  });

  it('without `analytics`, nothing is pushed', async () => {
    const s = mount(config(), { deliver: ok });
    fill(s);
    s.next();
    await s.submit();
    expect(win.dataLayer).toEqual([]);
  });
});

describe('profiling.consent "required"', () => {
  const gated = (fields: FormConfig['steps'][number]['fields'] = []) =>
    config({ profiling: { consent: 'required' }, steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email' }, { id: 'company', type: 'text', label: 'Company' }, ...fields] }] });

  it('nothing is stored before page.consent(true); then the answers are (with the consent record); page.consent(false) erases them', async () => {
    const s = mount(gated(), { deliver: ok });
    page.track('whitepaper');
    fill(s, { email: 'ada@acme.test', company: 'Acme' });
    expect((await s.submit()).ok).toBe(true);
    await settle(50);
    expect(await databases()).toEqual([]); // no profile, no behaviour record
    expect(await page.profile()).toEqual({});

    await page.consent(true);
    const profile = await page.profile();
    expect(profile).toMatchObject({ email: { value: 'ada@acme.test' }, company: { value: 'Acme' }, $consent: { value: true } });
    expect(await databases()).toEqual(['cairn-profile', 'cairn-signals']); // the page's activity is stored now too

    await page.consent(false);
    expect(await page.profile()).toEqual({});
    expect(await databases()).toEqual([]);
  });

  it('a ticked consent field of the form gives consent for the page: its answers are stored', async () => {
    const s = mount(gated([{ id: 'ok', type: 'consent', label: 'Remember me' }]), { deliver: ok });
    fill(s, { email: 'ada@acme.test', company: 'Acme' });
    s.set('ok', true);
    expect(page.state.consent).toBe(true);
    await s.submit();
    await until(async () => !!(await stored()).company);
    expect(await stored()).toMatchObject({ email: { value: 'ada@acme.test' }, company: { value: 'Acme' }, $consent: { value: true } });
  });
});

describe('no "Thank you" for a lead a closed tab would lose (issue 14)', () => {
  it('IndexedDB unavailable and the endpoint failing: failed, with an honest message; when it answers, trying again delivers the same lead', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('indexedDB', undefined);
    let up = false;
    const net = network((url) => (url == ENDPOINT && !up ? new Response(null, { status: 503 }) : undefined));
    const news = vi.fn();
    const s = mount(config(), { news });
    fill(s);
    s.next();
    const first = await s.submit();
    expect(first).toMatchObject({ ok: false, error: { message: 'Your details are not saved yet. Please keep this page open while we try again, or try again now.', retryable: true } });
    expect(s.status.value).toBe('failed');
    expect(news).toHaveBeenCalledWith('error', expect.objectContaining({ kind: 'storage', message: 'IndexedDB is unavailable: this lead is kept in memory and retried only while the page is open' }));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/is not delivered yet and is kept in this page's memory only: /));
    up = true;
    expect((await s.submit()).ok).toBe(true);
    expect(s.status.value).toBe('submitted');
    expect(new Set(net.leads().map((l) => l.id)).size).toBe(1);
  });

  it('with IndexedDB working, a failing endpoint still means "Thank you": the lead is in the outbox', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    network((url) => (url == ENDPOINT ? new Response(null, { status: 503 }) : undefined));
    const s = mount(config());
    fill(s);
    s.next();
    expect((await s.submit()).ok).toBe(true);
    expect(s.status.value).toBe('submitted');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/is kept in the outbox and will be retried/));
  });
});

describe('consent is the current state of the box (issue 14)', () => {
  const gated = () =>
    config({
      profiling: { consent: 'required' },
      steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email' }, { id: 'company', type: 'text', label: 'Company' }, { id: 'ok', type: 'consent', label: 'Remember me' }] }],
    });

  it('ticked then unticked: consent withdrawn, what the tick stored erased, nothing stored by the submission', async () => {
    const s = mount(gated(), { deliver: ok });
    fill(s, { email: 'ada@acme.test', company: 'Acme' });
    s.set('ok', true);
    page.track('whitepaper');
    await until(async () => (await databases()).includes('cairn-signals'));
    s.set('ok', false);
    // what consent governs: the profile and the behaviour record (the outbox is the one storage used without consent)
    const governed = async () => (await databases()).filter((name) => name != 'cairn-outbox');
    await until(async () => page.state.consent === false && (await governed()).length == 0);
    page.track('pricing');
    expect((await s.submit()).ok).toBe(true);
    await settle(100);
    expect(await governed()).toEqual([]);
    expect(await page.profile()).toEqual({});
  });

  it('ticked again after unticking: consent given again, the submission stored', async () => {
    const s = mount(gated(), { deliver: ok });
    fill(s, { email: 'ada@acme.test', company: 'Acme' });
    s.set('ok', true);
    s.set('ok', false);
    await until(() => page.state.consent === false);
    s.set('ok', true);
    expect(page.state.consent).toBe(true);
    await s.submit();
    await until(async () => !!(await stored()).company);
  });

  it("consent the page already had (an earlier tick, the page's own banner) is not withdrawn by unticking this box", async () => {
    await page.consent(true);
    const s = mount(gated(), { deliver: ok });
    s.set('ok', true);
    s.set('ok', false);
    await settle(50);
    expect(page.state.consent).toBe(true);
  });
});

/** The behaviour record as stored (read the way the tracker stores it); `undefined` without the database. */
const storedSignals = async () => {
  if (!(await databases()).includes(BEHAVIOUR_DB)) return undefined;
  return new Promise<ReturnType<typeof toVisitorRecord>['signals'] | undefined>((resolve, reject) => {
    const open = indexedDB.open(BEHAVIOUR_DB);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('signals').objectStore('signals').get('record');
      get.onsuccess = () => resolve(get.result && toVisitorRecord(get.result).signals);
      open.result.close();
    };
  });
};

describe('consent and forget reach the other open tabs (issue 14)', () => {
  it("consent withdrawn in one tab: the other's next submission stores nothing, and its activity no database", async () => {
    const other = createCairnPage({ storage: 'indexeddb' }); // another tab of the site
    const s = createForm(config(), { page: other, deliver: ok, urlParams: {}, cookies: {} });
    sessions.push(s);
    other.track('whitepaper');
    await page.consent(false);
    await until(() => other.state.consent === false);
    fill(s);
    s.next();
    expect((await s.submit()).ok).toBe(true);
    other.track('pricing');
    await settle(100);
    expect(await databases()).toEqual([]);
  });

  it('forget() in one tab: the other does not write back what it still held in memory', async () => {
    const other = createCairnPage({ storage: 'indexeddb' });
    // a form that tracks (its config reads signals), so the other tab's activity is stored
    sessions.push(createForm(config({ signals: { pages: { pricing: '/pricing*' } } }), { page: other, deliver: ok, urlParams: {}, cookies: {} }));
    other.track('whitepaper');
    await until(async () => (await storedSignals())?.events.whitepaper?.n === 1);
    expect((await storedSignals())?.events.whitepaper?.n).toBe(1);
    await page.forget();
    await settle(100);
    other.track('pricing');
    await until(async () => !!(await storedSignals())?.events.pricing);
    // a record of what happened since, not the erased one
    const after = await storedSignals();
    expect(after?.events.pricing?.n).toBe(1);
    expect(after?.events.whitepaper).toBeUndefined();
  });
});

describe('signals', () => {
  const signalled = () =>
    config({
      steps: [
        {
          id: 'contact',
          fields: [
            { id: 'email', type: 'email', label: 'Email', required: true },
            { id: 'call', type: 'checkbox', label: 'Call me about pricing', when: { signal: 'pricing.count', gte: 1 } },
          ],
        },
      ],
    });

  it('page.track counts in the lead’s context.signals, and a `signal` condition reveals a field', async () => {
    const { deliver, payloads } = keep();
    const s = mount(signalled(), { deliver });
    expect(s.isVisible('call')).toBe(false);
    page.track('pricing');
    s.set('email', 'ada@acme.test'); // the next answer reads the signals again
    expect(s.isVisible('call')).toBe(true);
    s.set('call', true);
    await s.submit();
    expect(readSignal(payloads[0]!.context.signals!, 'pricing.count', Date.now())).toBe(1);
    expect(payloads[0]!.answers.call).toBe(true);
  });

  it('tracked before the form is mounted: the field is there from the start', () => {
    page.track('pricing');
    const s = mount(signalled(), { deliver: ok });
    expect(s.isVisible('call')).toBe(true);
  });

  it('[data-cairn-signal] clicks on the page count too', async () => {
    const { deliver, payloads } = keep();
    const s = mount(signalled(), { deliver });
    const link = document.createElement('a');
    link.dataset.cairnSignal = 'pricing';
    document.body.append(link);
    link.click();
    link.remove();
    s.set('email', 'ada@acme.test');
    expect(s.isVisible('call')).toBe(true);
    await s.submit();
    expect(readSignal(payloads[0]!.context.signals!, 'pricing.count', Date.now())).toBe(1);
  });
});

describe('the stored profile', () => {
  const pooled = (id: string): FormConfig => ({
    id,
    version: 1,
    steps: [
      { id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] },
      { id: 'more', fields: [{ id: 'company', type: 'text', label: 'Company' }, { id: 'role', type: 'text', label: 'Role' }] },
    ],
    submit: { endpoint: ENDPOINT },
    profiling: { pool: ['company', 'role'] },
  });

  it('what form A stores, a second form of the page (and a later page) skips once the stored read lands', async () => {
    const a = mount(pooled('a'), { deliver: ok });
    fill(a, { email: 'ada@acme.test' });
    a.next();
    a.set('company', 'Acme');
    await a.submit();
    await until(async () => (await page.profile()).company?.value == 'Acme');

    const b = mount(pooled('b'), { deliver: ok });
    expect(b.skipped.value.has('company')).toBe(false); // planned before the read lands
    await until(() => b.skipped.value.has('company'));
    expect(b.skipped.value.has('company')).toBe(true);
    expect(b.known.value.company!.value).toBe('Acme');
    expect(b.skipped.value.has('role')).toBe(false);
    expect(b.values.value.email).toBe('ada@acme.test'); // known, not in the pool: prefilled

    // the next page of the site: a runtime of its own, the same IndexedDB
    page = createCairnPage({ storage: 'indexeddb' });
    const c = mount(pooled('c'), { deliver: ok });
    await until(() => c.skipped.value.has('company'));
    expect(c.skipped.value.has('company')).toBe(true);
  });

  it('a one-step form: re-planned afresh when the read lands before any answer (the next pool fields asked); after an answer, only shortened', async () => {
    const single = (id: string): FormConfig => ({
      id,
      version: 1,
      steps: [
        {
          id: 'one',
          fields: [
            { id: 'email', type: 'email', label: 'Email', required: true },
            { id: 'company', type: 'text', label: 'Company' },
            { id: 'role', type: 'text', label: 'Role' },
          ],
        },
      ],
      submit: { endpoint: ENDPOINT },
      profiling: { pool: ['company', 'role'], maxNewFields: 1 },
    });
    const shown = (s: FormSession) => s.currentFields.value.map((f) => f.id);
    const a = mount(single('a'), { deliver: ok });
    expect(shown(a)).toEqual(['email', 'company']);
    a.set('email', 'ada@acme.test');
    a.set('company', 'Acme');
    await a.submit();
    await until(async () => (await page.profile()).company?.value == 'Acme');

    // the next page of the site
    page = createCairnPage({ storage: 'indexeddb' });
    const b = mount(single('b'), { deliver: ok });
    expect(shown(b)).toEqual(['email', 'company']); // planned before the read lands
    await until(() => shown(b).includes('role'));
    expect(shown(b)).toEqual(['email', 'role']);
    expect(b.values.value.email).toBe('ada@acme.test');

    // answered before the read landed: nothing on screen vanishes, nothing new is asked
    const c = mount(single('c'), { deliver: ok });
    c.set('email', 'grace@acme.test');
    await until(() => c.known.value.company?.value == 'Acme');
    expect(shown(c)).toEqual(['email', 'company']);
    expect(c.values.value.company).toBe('Acme');
  });

  it('a form that is open when another stores answers skips them before it shows them', async () => {
    const b = mount(pooled('b'), { deliver: ok });
    const a = mount(pooled('a'), { deliver: ok });
    fill(a, { email: 'ada@acme.test' });
    a.next();
    a.set('role', 'CTO');
    await a.submit();
    await until(() => b.skipped.value.has('role'));
    expect(b.known.value.role!.value).toBe('CTO');
  });

  it('profiling.migrate and retentionDays clean up the stored profile (as the script tag does)', async () => {
    const old = { org: entry('Acme', 3), role: entry('CTO', 400), email: entry('ada@acme.test') };
    await seed(old);
    const s = mount({ ...pooled('a'), profiling: { pool: ['company', 'role'], migrate: { org: 'company' }, retentionDays: 365 } }, { deliver: ok });
    await until(async () => !!(await stored()).company);
    expect(await stored()).toEqual({ company: old.org, email: old.email });
    expect(s.skipped.value.has('company')).toBe(true); // the renamed key counts
    expect(s.skipped.value.has('role')).toBe(false); // too old: asked again
  });

  it('storage "indexeddb" where IndexedDB fails: the form works, its `error` news says so once, the console once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('indexedDB', undefined);
    const news = vi.fn();
    const s = mount(pooled('a'), { deliver: ok, news });
    await until(() => news.mock.calls.length > 0);
    fill(s, { email: 'ada@acme.test' });
    s.next();
    expect((await s.submit()).ok).toBe(true);
    await settle(50);
    expect(news).toHaveBeenCalledTimes(1);
    expect(news).toHaveBeenCalledWith('error', { kind: 'storage', message: expect.stringMatching(/^IndexedDB is unavailable \(.+\); answers are kept in memory for this page only$/) });
    expect(warn).toHaveBeenCalledTimes(1);
    expect((await page.profile()).email!.value).toBe('ada@acme.test'); // kept in memory for this page
  });

  it('storage "memory": nothing reaches IndexedDB; page.profile() is what this page learned', async () => {
    page = createCairnPage({ storage: 'memory' });
    const s = mount(pooled('a'), { deliver: ok });
    fill(s, { email: 'ada@acme.test' });
    s.next();
    await s.submit();
    await until(async () => !!(await page.profile()).email);
    expect((await page.profile()).email!.value).toBe('ada@acme.test');
    await settle(50);
    expect(await databases()).toEqual([]);
  });
});

describe('page.forget()', () => {
  it('erases the profile and the behaviour record; an open form that shows remembered values starts over', async () => {
    const a = mount(config(), { deliver: ok });
    fill(a);
    a.next();
    a.set('company', 'Acme');
    await a.submit();
    await until(async () => (await databases()).join() == 'cairn-profile,cairn-signals');
    const b = mount(config({ id: 'other' }), { deliver: ok });
    await until(() => b.known.value.company?.value == 'Acme');
    const notYou = vi.fn();
    b.on('notYou', notYou);

    await page.forget();
    expect(await databases()).toEqual([]);
    expect(await page.profile()).toEqual({});
    expect(notYou).toHaveBeenCalledTimes(1);
    expect(b.known.value).toEqual({});
    expect(b.values.value.company).toBeUndefined();
  });

  it('erases leads that will never be sent (dead letters) and keeps pending ones: they were submitted', async () => {
    const outbox = createIdbOutbox();
    const payload = (id: string): LeadPayload => ({
      schema: 'cairn.lead/1',
      id,
      form: { id: 'quote', version: 1 },
      submittedAt: new Date().toISOString(),
      answers: {},
      context: { page: 'https://example.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
    });
    // a custom transport no page registered: never attempted here
    const later = { id: 'crm', format: 'custom' as const, name: 'nobody' };
    const dead = createEntry(payload('dead'), [later], Date.now());
    dead.destinations.crm = { ...dead.destinations.crm!, status: 'dead', deadReason: 'rejected', lastError: { status: 422, message: 'HTTP 422' } };
    await outbox.put(dead);
    await outbox.put(createEntry(payload('pending'), [later], Date.now()));
    await page.forget();
    expect((await createIdbOutbox().list()).map((e) => e.id)).toEqual(['pending']);
  });
});
