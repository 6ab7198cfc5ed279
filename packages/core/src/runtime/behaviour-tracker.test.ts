// The page's behaviour tracker (createBehaviourTracker) in happy-dom with fake-indexeddb: every
// test a page of its own (test/page-sandbox.ts) and a fresh tracker; a second tracker in one test
// is a second page (tab) of the site. The sessions are bare `createSession`s, so only the tracker
// under test counts their starts and submits. The Chromium test
// (packages/embed/test/scoring.browser.test.ts) covers the same across real pages.
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { databases, pagePerTest, until } from '../../test/page-sandbox.js';
import { readSignal } from '../behaviour/read-signal.js';
import { toVisitorRecord, type VisitorRecord } from '../behaviour/visitor-record.js';
import { buildPayload } from '../payload/build-payload.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FormConfig } from '../schema/form-schema.js';
import { scoreLead } from '../scoring/score-lead.js';
import { createSession } from '../session/create-session.js';
import { createForm } from '../session/create-form.js';
import type { FormSession } from '../session/form-session.js';
import { BEHAVIOUR_DB } from './behaviour-store.js';
import { createBehaviourTracker, type BehaviourTracker } from './behaviour-tracker.js';
import { createCairnPage } from './create-cairn-page.js';
import type { PageState } from './page-state.js';
import { frozenCopy, leadAfterHook } from '../payload/frozen-copy.js';
import { keepPendingView, PENDING_VIEWS_KEY } from '../behaviour/pending-views.js';

pagePerTest();

const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

let warn: Mock<(message: string) => void>;
let state: PageState;
let tracker: BehaviourTracker;
const sessions: FormSession[] = [];

beforeEach(() => {
  warn = vi.fn<(message: string) => void>();
  state = { warn };
  tracker = createBehaviourTracker(state);
  setUrl('http://localhost:3000/pricing?utm_source=linkedin&utm_campaign=q4');
});
afterEach(() => {
  sessionStorage.clear();
  sessions.splice(0).forEach((s) => s.destroy());
  document.body.replaceChildren();
  document.head.querySelectorAll('script[data-cairn-signals]').forEach((s) => s.remove());
});

const form = (extra: Partial<FormConfig> = {}): FormConfig => ({
  id: 'quote',
  version: 1,
  steps: [
    {
      id: 's',
      fields: [
        { id: 'email', type: 'email', label: 'Email' },
        { id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'] },
      ],
    },
  ],
  submit: { endpoint: '/leads' },
  signals: { pages: { pricing: '/pricing*' } },
  scoring: {
    fit: [{ id: 'big', when: { field: 'size', equals: '1000+' }, points: 60, reason: 'Large company' }],
    intent: [
      { id: 'pricing', when: { signal: 'pricing.views', gte: 1 }, points: 30, reason: 'Viewed pricing' },
      { id: 'paper', when: { signal: 'whitepaper.count', gte: 1 }, points: 20, reason: 'Whitepaper' },
    ],
  },
  ...extra,
});

/** What is stored, read the way the tracker stores it; `undefined` when there is no database. */
const stored = async (): Promise<VisitorRecord | undefined> => {
  if (!(await databases()).includes(BEHAVIOUR_DB)) return undefined;
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(BEHAVIOUR_DB);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('signals').objectStore('signals').get('record');
      get.onsuccess = () => resolve(get.result && toVisitorRecord(get.result));
      open.result.close();
    };
  });
};
const read = (r: VisitorRecord | undefined, key: string) => readSignal(r!.signals, key, Date.now());
const settle = () => new Promise((r) => setTimeout(r, 20));
/** A bare session (no page runtime of its own: only the tracker under test watches it). */
const session = (f: FormConfig) => {
  const s = createSession(f, { urlParams: {}, cookies: {} }, {
    deliver: async () => ({ ok: true }),
    lead: leadAfterHook,
    copy: frozenCopy,
    context: () => ({ page: location.href, referrer: '', utm: {}, locale: 'en', timezone: 'UTC' }),
    payload: buildPayload,
  });
  sessions.push(s);
  return s;
};
const siteOption = (value: unknown) => {
  const option = document.createElement('script');
  option.type = 'application/json';
  option.dataset.cairnSignals = '';
  option.textContent = typeof value == 'string' ? value : JSON.stringify(value);
  document.head.append(option);
};

describe('the tracker', () => {
  it('a page with a form: the view counts in the form’s page groups (the config came after the view), with its source', async () => {
    const f = form();
    await tracker.start(f, session(f));
    await settle();
    const r = (await stored())!;
    expect(read(r, 'pricing.views')).toBe(1);
    expect(read(r, 'visits.count')).toBe(1);
    expect(r.pages).toEqual({ pricing: '/pricing*' });
    expect(r.firstTouch).toMatchObject({ utm: { source: 'linkedin', campaign: 'q4' }, landing: 'http://localhost:3000/pricing' });
    expect(r.touchpoints).toHaveLength(1);
  });

  it('views earlier pages of the tab kept (left before they were recorded) count first, once; this page then counts itself', async () => {
    const at = Date.now();
    keepPendingView({ url: 'http://localhost:3000/pricing', referrer: '', at: at - 2_000 });
    keepPendingView({ url: 'http://localhost:3000/pricing/enterprise', referrer: '', at: at - 1_000 });
    const f = form();
    await tracker.start(f, session(f));
    await settle();
    expect(read((await stored())!, 'pricing.views')).toBe(3);
    expect(read((await stored())!, 'pages.views')).toBe(3);
    expect(sessionStorage.getItem(PENDING_VIEWS_KEY)).toBeNull();
    expect(state.viewed).toBe(true);
  });

  it('a page whose view was already kept for the next page (back from the bfcache) does not count it again', async () => {
    state.viewed = true;
    const f = form();
    await tracker.start(f, session(f));
    await settle();
    expect((await stored())?.signals.pages.n ?? 0).toBe(0);
  });

  it('forget() also drops the views kept for the next page', async () => {
    keepPendingView({ url: 'http://localhost:3000/pricing', referrer: '', at: Date.now() });
    await tracker.forget();
    expect(sessionStorage.getItem(PENDING_VIEWS_KEY)).toBeNull();
  });

  it('counts clicks on [data-cairn-signal] (capture: even when the page stops the click) and track()', async () => {
    await tracker.start(form());
    const link = document.createElement('a');
    link.dataset.cairnSignal = 'Whitepaper';
    link.append(document.createElement('span'));
    link.addEventListener('click', (e) => e.stopPropagation());
    document.body.append(link);
    (link.firstChild as HTMLElement).click();
    tracker.track('whitepaper');
    await until(async () => read(await stored(), 'whitepaper.count') === 2).catch(() => {}); // a loaded machine writes slowly
    expect(read(await stored(), 'whitepaper.count')).toBe(2);
  });

  it('a page without a form creates no database; it adds to one that exists', async () => {
    await tracker.start();
    await settle();
    expect(await stored()).toBeUndefined();
    expect(read(tracker.record(), 'pages.views')).toBe(1); // in memory

    // the next page (its own page state): a form's page created the record
    await createBehaviourTracker({ warn }).start(form());
    await settle();
    // and the one after it, without a form
    setUrl('http://localhost:3000/pricing/teams');
    const third = createBehaviourTracker({ warn });
    await third.start();
    await settle();
    const r = (await stored())!;
    expect(read(r, 'pages.views')).toBe(2);
    expect(read(r, 'pricing.views')).toBe(2); // the groups travel with the record
    expect(read(third.record(), 'pages.views')).toBe(2); // what this page knows: stored, plus its own
  });

  it('the site option gives page groups on pages without a form', async () => {
    siteOption({ pages: { pricing: '/pricing*' } });
    await tracker.start();
    await until(async () => read(await stored(), 'pricing.views') === 1).catch(() => {}); // a loaded machine writes slowly
    expect(read(await stored(), 'pricing.views')).toBe(1);
  });

  it('a site option that is not JSON is ignored, said once', async () => {
    siteOption('{ pages: ');
    await tracker.start();
    await settle();
    expect(await stored()).toBeUndefined(); // no option: a page without a form creates nothing
    expect(warn).toHaveBeenCalledWith('data-cairn-signals is not JSON (ignored)');
  });

  it('two pages (tabs) add up instead of overwriting', async () => {
    const other = createBehaviourTracker({ warn });
    await Promise.all([tracker.start(form()), other.start(form())]);
    tracker.track('x');
    other.track('x');
    await settle();
    const r = (await stored())!;
    expect(read(r, 'x.count')).toBe(2);
    expect(read(r, 'pages.views')).toBe(2);
  });

  it('not persistent (storage "memory"): counts in memory, stores nothing', async () => {
    const memory = createBehaviourTracker(state, false);
    await memory.start(form());
    memory.track('whitepaper');
    await settle();
    expect(await databases()).toEqual([]);
    expect(read(memory.record(), 'whitepaper.count')).toBe(1);
    expect(read(memory.record(), 'pricing.views')).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('consent', () => {
  const required = form({ profiling: { consent: 'required' } });

  it('with profiling.consent "required" nothing is stored (or read) before consent; then the page’s activity is', async () => {
    await tracker.start(required);
    tracker.track('whitepaper');
    await settle();
    expect(await stored()).toBeUndefined();
    expect(read(tracker.record(), 'whitepaper.count')).toBe(1);
    state.consent = true;
    await tracker.store();
    const r = (await stored())!;
    expect(read(r, 'whitepaper.count')).toBe(1);
    expect(read(r, 'pricing.views')).toBe(1);
  });

  it('the site option may require consent: a page without a form holds its activity in memory until then', async () => {
    siteOption({ pages: { pricing: '/pricing*' }, consent: 'required' });
    await tracker.start();
    tracker.track('whitepaper');
    await settle();
    expect(await databases()).toEqual([]);
    expect(read(tracker.record(), 'pricing.views')).toBe(1);
    state.consent = true;
    await tracker.store();
    const r = (await stored())!;
    expect(read(r, 'whitepaper.count')).toBe(1);
    expect(read(r, 'pricing.views')).toBe(1);
  });

  it('consent on a page that tracked nothing creates no database', async () => {
    state.consent = true;
    await tracker.store();
    expect(await stored()).toBeUndefined();
  });

  it('forget (and consent withdrawn, which forgets) erases the record and this page’s activity', async () => {
    await tracker.start(form());
    tracker.track('whitepaper');
    await settle();
    expect(await stored()).toBeDefined();
    await tracker.forget();
    expect(await stored()).toBeUndefined();
    expect(read(tracker.record(), 'whitepaper.count')).toBe(0);
    state.consent = false;
    tracker.track('whitepaper');
    await settle();
    expect(await stored()).toBeUndefined();
    expect(read(tracker.record(), 'whitepaper.count')).toBe(1); // this page still knows
  });
});

describe('forms', () => {
  it('counts a start (first answer), a submit, and an abandon when the page is left after a start', async () => {
    const f = form();
    const s = session(f);
    await tracker.start(f, s);
    await tracker.start(f, s); // started again (the script tag does before a submit): watched once
    s.set('email', 'a@acme.com');
    s.set('size', '1-49');
    dispatchEvent(new Event('pagehide'));
    await settle();
    let r = (await stored())!;
    expect(r.signals.forms.quote).toMatchObject({ starts: 1, abandons: 1, submits: 0 });
    await s.submit();
    dispatchEvent(new Event('pagehide'));
    await settle();
    r = (await stored())!;
    expect(r.signals.forms.quote).toMatchObject({ starts: 1, abandons: 1, submits: 1 });
  });

  it('a form that is gone (unwatch) is not abandoned, and its answers no longer count', async () => {
    const f = form();
    const s = session(f);
    await tracker.start(f, s);
    s.set('email', 'a@acme.com');
    tracker.unwatch(s);
    dispatchEvent(new Event('pagehide'));
    await settle();
    expect((await stored())!.signals.forms.quote).toMatchObject({ starts: 1, abandons: 0, submits: 0 });
  });

  it('through the page runtime, the lead carries the signals, visits, attribution and the score of the payload itself', async () => {
    const f = form();
    const page = createCairnPage({ storage: 'indexeddb', state });
    const payloads: LeadPayload[] = [];
    const s = createForm(f, { page, deliver: async (payload) => (payloads.push(payload), { ok: true }) });
    sessions.push(s);
    page.track('whitepaper');
    s.set('size', '1000+');
    expect(s.score!.value).toMatchObject({ fit: 60, intent: 50 }); // live, with this page's signals
    const result = await s.submit();
    expect(result.ok).toBe(true);
    const payload = payloads[0]!;
    const context = payload.context as typeof payload.context & { visits: number; firstTouch: unknown; touchpoints: unknown[] };
    expect(context.visits).toBe(1);
    expect(context.firstTouch).toMatchObject({ utm: { source: 'linkedin' } });
    expect(context.touchpoints).toHaveLength(1);
    expect(readSignal(context.signals!, 'whitepaper.count', Date.now())).toBe(1);
    expect(payload.score).toMatchObject({ fit: 60, intent: 50, grade: 'B2' });
    expect(payload.score!.reasons.map((r) => r.rule)).toEqual(['big', 'paper', 'pricing']);
    expect(scoreLead(f, JSON.parse(JSON.stringify(payload)))).toEqual(payload.score);
    // and the page's tracker counted the form: a start and a submit, stored
    await until(async () => (await stored())?.signals.forms.quote?.submits == 1);
    expect((await stored())!.signals.forms.quote).toMatchObject({ starts: 1, submits: 1, abandons: 0 });
  });
});
