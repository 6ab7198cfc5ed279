// The script tag's behaviour tracker (signals.ts) in happy-dom with fake-indexeddb: a fresh
// IDBFactory and a fresh copy of the module per test (it keeps one record per page). Delivery is
// stubbed: startPage starts it, and its outbox is not what is tested here. The Chromium test
// (test/scoring.browser.test.ts) covers the same across real pages.
import { IDBFactory } from 'fake-indexeddb';
import { createForm, readSignal, scoreLead, toVisitorRecord, type FormConfig, type VisitorRecord } from '@cairn/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProfilePage } from './profile-read.js';

type Signals = typeof import('./signals.js');
let m: Signals;
let page: ProfilePage;

const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

// Each test's copy of the module listens on the same document and window: take its listeners away after it.
const listening: [EventTarget, string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined][] = [];
for (const target of [document, window]) {
  const add = target.addEventListener.bind(target);
  target.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
    if (!listener) return;
    listening.push([target, type, listener, options]);
    add(type, listener, options);
  };
}

beforeEach(async () => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.resetModules();
  vi.doMock('./delivery.js', () => ({ startDelivery: vi.fn() }));
  m = await import('./signals.js');
  page = { warn: vi.fn() };
  setUrl('http://localhost:3000/pricing?utm_source=linkedin&utm_campaign=q4');
});
afterEach(() => {
  for (const [target, type, listener, options] of listening.splice(0)) target.removeEventListener(type, listener, options);
  vi.unstubAllGlobals();
  vi.doUnmock('./delivery.js');
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
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes('cairn-signals')) return undefined;
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('cairn-signals');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('signals').objectStore('signals').get('record');
      get.onsuccess = () => resolve(get.result && toVisitorRecord(get.result));
      open.result.close();
    };
  });
};
const settle = () => new Promise((r) => setTimeout(r, 20));
const session = (f: FormConfig) => createForm(f, { deliver: async () => ({ ok: true }) });

describe('the tracker', () => {
  it('a page with a form: the view counts in the form’s page groups (the config came after the view), with its source', async () => {
    const f = form();
    await m.startPage(page, f, session(f));
    await settle();
    const r = (await stored())!;
    expect(readSignal(r.signals, 'pricing.views', Date.now())).toBe(1);
    expect(readSignal(r.signals, 'visits.count', Date.now())).toBe(1);
    expect(r.pages).toEqual({ pricing: '/pricing*' });
    expect(r.firstTouch).toMatchObject({ utm: { source: 'linkedin', campaign: 'q4' }, landing: 'http://localhost:3000/pricing' });
    expect(r.touchpoints).toHaveLength(1);
  });

  it('counts clicks on [data-cairn-signal] (capture: even when the page stops the click) and Cairn.track', async () => {
    await m.startPage(page, form());
    const link = document.createElement('a');
    link.dataset.cairnSignal = 'Whitepaper';
    link.append(document.createElement('span'));
    link.addEventListener('click', (e) => e.stopPropagation());
    document.body.append(link);
    (link.firstChild as HTMLElement).click();
    m.track(page, 'whitepaper', { file: 'x.pdf' });
    await settle();
    expect(readSignal((await stored())!.signals, 'whitepaper.count', Date.now())).toBe(2);
  });

  it('a page without a form creates no database; it adds to one that exists', async () => {
    await m.startPage(page);
    await settle();
    expect(await stored()).toBeUndefined();
    expect(readSignal(m.visitorRecord().signals, 'pages.views', Date.now())).toBe(1); // in memory

    // the next page: a form's page created the record
    vi.resetModules();
    m = await import('./signals.js');
    await m.startPage(page, form());
    await settle();
    vi.resetModules();
    m = await import('./signals.js');
    setUrl('http://localhost:3000/pricing/teams');
    await m.startPage(page);
    await settle();
    const r = (await stored())!;
    expect(readSignal(r.signals, 'pages.views', Date.now())).toBe(2);
    expect(readSignal(r.signals, 'pricing.views', Date.now())).toBe(2); // the groups travel with the record
  });

  it('the site option gives page groups on pages without a form', async () => {
    const option = document.createElement('script');
    option.type = 'application/json';
    option.dataset.cairnSignals = '';
    option.textContent = JSON.stringify({ pages: { pricing: '/pricing*' } });
    document.head.append(option);
    await m.startPage(page);
    await settle();
    expect(readSignal((await stored())!.signals, 'pricing.views', Date.now())).toBe(1);
  });

  it('two pages (tabs) add up instead of overwriting', async () => {
    const a = m;
    vi.resetModules();
    const b = await import('./signals.js');
    await Promise.all([a.startPage(page, form()), b.startPage(page, form())]);
    a.track(page, 'x');
    b.track(page, 'x');
    await settle();
    const r = (await stored())!;
    expect(readSignal(r.signals, 'x.count', Date.now())).toBe(2);
    expect(readSignal(r.signals, 'pages.views', Date.now())).toBe(2);
  });
});

describe('consent', () => {
  const required = form({ profiling: { consent: 'required' } });

  it('with profiling.consent "required" nothing is stored (or read) before consent; then the page’s activity is', async () => {
    await m.startPage(page, required);
    m.track(page, 'whitepaper');
    await settle();
    expect(await stored()).toBeUndefined();
    expect(readSignal(m.visitorRecord().signals, 'whitepaper.count', Date.now())).toBe(1);
    page.consent = true;
    await m.storeSignals(page);
    const r = (await stored())!;
    expect(readSignal(r.signals, 'whitepaper.count', Date.now())).toBe(1);
    expect(readSignal(r.signals, 'pricing.views', Date.now())).toBe(1);
  });

  it('consent on a page that tracked nothing creates no database', async () => {
    page.consent = true;
    await m.storeSignals(page);
    expect(await stored()).toBeUndefined();
  });

  it('forget (and consent withdrawn, which forgets) erases the record and this page’s activity', async () => {
    await m.startPage(page, form());
    m.track(page, 'whitepaper');
    await settle();
    expect(await stored()).toBeDefined();
    await m.forgetSignals();
    expect(await stored()).toBeUndefined();
    expect(readSignal(m.visitorRecord().signals, 'whitepaper.count', Date.now())).toBe(0);
    page.consent = false;
    m.track(page, 'whitepaper');
    await settle();
    expect(await stored()).toBeUndefined();
  });
});

describe('forms', () => {
  it('counts a start (first answer), a submit, and an abandon when the page is left after a start', async () => {
    const f = form();
    const s = session(f);
    await m.startPage(page, f, s);
    await m.startPage(page, f, s); // verify() runs again before a submit: watched once
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

  it('the lead carries the signals, visits, attribution and the score of the payload itself', async () => {
    const f = form();
    const s = session(f);
    await m.startPage(page, f, s);
    m.track(page, 'whitepaper');
    s.set('size', '1000+');
    expect(s.score!.value).toMatchObject({ fit: 60, intent: 50 }); // live, with this page's signals
    const payload = m.buildLead(f, { form: f, answers: { size: '1000+' }, context: { page: location.href, referrer: '', utm: {}, locale: 'en', timezone: 'UTC' } });
    const context = payload.context as typeof payload.context & { visits: number; firstTouch: unknown; touchpoints: unknown[] };
    expect(context.visits).toBe(1);
    expect(context.firstTouch).toMatchObject({ utm: { source: 'linkedin' } });
    expect(context.touchpoints).toHaveLength(1);
    expect(payload.score).toMatchObject({ fit: 60, intent: 50, grade: 'B2' });
    expect(payload.score!.reasons.map((r) => r.rule)).toEqual(['big', 'paper', 'pricing']);
    expect(scoreLead(f, JSON.parse(JSON.stringify(payload)))).toEqual(payload.score);
  });
});
