// The page runtime without the script tag (#10): an npm user's page — `createForm` from
// @cairn/core, mounted by @cairn/preact's `mountForm`, bundled with Vite from the sources
// (test/npm-page/entry.ts, built by scripts/browser/build-npm-page.mjs) — goes through the same
// Chromium scenarios as cairn.js: cross-page profiling, consent, two tabs, a SIGKILL right after
// the click, offline at submit, and a fault run. No page here loads cairn.js (checked).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { npmPageSnapshot } from '../../../scripts/browser/build-npm-page.mjs';
import { launchChromium, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { createLeadReceiver, faultMix, type LeadReceiver } from '../../../scripts/browser/fault-server.js';
import { startTestServer, testPage, type Route, type TestServer } from '../../../scripts/browser/servers.js';
import { requireTiming, retryTiming, testScope, type AttemptScope, requireQuickStorage } from '../../../scripts/browser/timing.js';
import { outboxEntries, tabCloses, watchOutboxWrites, type OutboxRow } from './delivery-helpers.js';
import { epochNow, killGroup, launch, startKiller, type Launched } from './killed-browser.js';
import type { PageEvent } from './npm-page/entry.js';

let bundle: Record<string, Buffer>;
let browser: Browser;

beforeAll(async () => {
  // built now if a source is newer; served from this snapshot for the whole file
  bundle = npmPageSnapshot();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

// --- the site -------------------------------------------------------------------------------

type Config = Record<string, unknown>;

/** The npm page with `config` inline (`<script type="application/json" id="form">`), or without a form. */
const npmPage = (config?: Config): Route => ({
  body: testPage(
    '<main><div id="host"></div></main>' +
      (config ? `<script type="application/json" id="form">${JSON.stringify(config).replaceAll('<', '\\u003c')}</script>` : '') +
      '<script type="module" src="/npm/npm-page.js"></script>',
    { script: false },
  ),
});

/** A page of the site with no script at all (to look into IndexedDB without starting the runtime). */
const barePage = (): Route => ({ body: testPage('<main>nothing</main>', { script: false }) });

/**
 * The site: `pages` (path → route) and the bundle under /npm/, with `receiver` at /leads; closed
 * when the test (or attempt) ends. cairn.js is not among its routes' pages: `noScriptTag` checks
 * that no page asked for it.
 */
async function site(scope: AttemptScope, receiver: LeadReceiver, pages: Record<string, Route>): Promise<TestServer> {
  scope.defer(() => receiver.close());
  const files: Record<string, Route> = {};
  for (const [name, body] of Object.entries(bundle)) files['/npm/' + name] = { body, type: name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json' };
  const server = await startTestServer({ ...files, ...pages, '/leads': receiver.handler, '/favicon.ico': { status: 204, body: '' } });
  scope.defer(() => server.close());
  return server;
}

/** No page of the site loaded the script tag, and the page has no `window.Cairn`: this is the npm runtime alone. */
async function noScriptTag(server: TestServer, ...pages: Page[]): Promise<void> {
  expect(server.requests.filter((r) => /cairn(-later|-diagnostics)?\.js$/.test(r.path)).map((r) => r.path)).toEqual([]);
  expect(server.requests.some((r) => r.path == '/npm/npm-page.js')).toBe(true);
  for (const page of pages) expect(await page.evaluate(() => typeof (window as any).Cairn)).toBe('undefined');
}

/**
 * A visitor: one browser context (one profile), closed when the test (or attempt) ends; every
 * page records uncaught errors, and its console goes to the failure report with the receiver's log.
 */
function visitor(scope: AttemptScope, receiver: LeadReceiver) {
  let browserContext: BrowserContext | undefined;
  const logs: string[] = [];
  scope.onFailed(() => {
    console.log(logs.join('\n'));
    console.log('receiver attempts:\n' + receiver.attempts.map((a) => `#${a.n} ${a.id} ${a.contentType} ${a.fault} ${a.result}`).join('\n'));
  });
  scope.defer(() => browserContext?.close());
  return {
    async open(url: string): Promise<Page> {
      browserContext ??= await browser.newContext();
      const page = await browserContext.newPage();
      page.setDefaultTimeout(15_000);
      page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()} (${url})`));
      page.on('pageerror', (e) => logs.push(`[uncaught] ${e.stack ?? e} (${url})`));
      await watchPageErrors(page);
      await page.goto(url);
      return page;
    },
    context: () => browserContext!,
  };
}

// --- what a page shows and records ---------------------------------------------------------------

/** The form is rendered (`mountForm` ran). */
const ready = (page: Page) => page.waitForFunction(() => (window as any).__ready === true, undefined, { timeout: 15_000, polling: 20 });

/** The fields the form shows now (by name, in order), once it is interactive. */
async function shown(page: Page): Promise<string[]> {
  await page.locator('#host form [name]').first().waitFor();
  return page.evaluate(() => [...new Set([...document.querySelector('#host')!.shadowRoot!.querySelectorAll<HTMLInputElement>('form [name]')].map((e) => e.name))]);
}

const field = (page: Page, name: string) => page.locator(`#host [name="${name}"]`);
const submit = (page: Page) => page.locator('#host').getByRole('button', { name: 'Submit' }).click();
const thankYouShown = (page: Page) => page.locator('#host').getByText('Thank you!').isVisible();
const thanks = (page: Page) => expect.poll(() => thankYouShown(page), { timeout: 15_000 }).toBe(true);

/** What the page heard (window.__events of entry.ts), as `from type id`. */
const events = (page: Page): Promise<PageEvent[]> => page.evaluate(() => (window as any).__events);
const heard = async (page: Page) => (await events(page)).map((e) => `${e.from} ${e.type} ${e.id}`);

const profileIn = (page: Page, namespace?: string): Promise<Record<string, any>> => page.evaluate((ns) => (window as any).cairnPage.profile(ns), namespace);

/** Every IndexedDB database of the page's origin, by name, with what its object stores hold. */
const databases = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((ok, no) => {
        const r = indexedDB.open(name!);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
      out[name!] = {};
      for (const store of db.objectStoreNames) {
        out[name!]![store] = await new Promise<unknown[]>((ok) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result);
        });
      }
      db.close();
    }
    return out;
  });

/** What a delivered lead leaves: the outbox database, with nothing in it. */
const EMPTY_OUTBOX = { 'cairn-outbox': { entries: [], leases: [] } };

/** The one lead the receiver stored that `match`es (waits for it; fails if there are more). */
async function storedLead(receiver: LeadReceiver, match: (lead: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const find = () => [...receiver.stored.values()].map((s) => s.lead).filter(match);
  await expect.poll(() => find().length, { timeout: 15_000 }).toBe(1);
  return find()[0]!;
}

// --- forms -------------------------------------------------------------------------------------

/** Two forms of one site sharing a pool: two new questions per view. */
const POOL = ['first_name', 'company', 'country', 'phone'];
const pooled = (id: string, version: number, extra: Config[] = []) => ({
  id,
  version,
  steps: [
    {
      id: 'you',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        ...extra,
        { id: 'first_name', type: 'text', label: 'First name', required: true },
        { id: 'company', type: 'text', label: 'Company', required: true },
        { id: 'country', type: 'text', label: 'Country' },
        { id: 'phone', type: 'tel', label: 'Phone' },
      ],
    },
  ],
  submit: { endpoint: '/leads' },
  profiling: { alwaysAsk: ['email'], pool: POOL, maxNewFields: 2 },
});
const PAGE_A = pooled('page-a', 3);
const PAGE_B = pooled('page-b', 1, [{ id: 'seats', type: 'number', label: 'How many seats?', min: 1 }]);

/** Nothing may be stored before consent; the consent box is optional, so a lead can go without it. */
const NEWSLETTER = {
  id: 'newsletter',
  version: 1,
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'company', type: 'text', label: 'Company' },
        { id: 'remember', type: 'consent', label: 'Remember my answers on this site' },
      ],
    },
  ],
  submit: { endpoint: '/leads' },
  profiling: { consent: 'required', pool: ['company'] },
};

const one = (id: string, f: Config) => ({ id, version: 1, steps: [{ id: 'one', fields: [f] }], submit: { endpoint: '/leads' } });
const TAB_A = one('tab-a', { id: 'industry', type: 'select', label: 'Industry', options: ['SaaS', 'Retail'], required: true });
const TAB_B = one('tab-b', { id: 'country', type: 'text', label: 'Country', required: true });

/** A one-field form posting to /leads. */
const emailForm = (id: string, extra: Config = {}) => ({
  id,
  version: 1,
  steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { endpoint: '/leads' },
  ...extra,
});

// --- the scenarios ---------------------------------------------------------------------------------

describe('createForm + mountForm, no script tag (Chromium)', () => {
  it('cross-page profiling: page B asks none of what page A learned, only the next pool fields; its lead carries A\'s answers with learnedAt and source', async (t) => {
    const scope = testScope(t);
    const receiver = createLeadReceiver();
    const server = await site(scope, receiver, { '/a': npmPage(PAGE_A), '/b': npmPage(PAGE_B) });
    const v = visitor(scope, receiver);

    const a = await v.open(server.url + '/a');
    await ready(a);
    expect(await shown(a)).toEqual(['email', 'first_name', 'company']);
    await field(a, 'email').fill('ada@initech.test');
    await field(a, 'first_name').fill('Ada');
    await field(a, 'company').fill('Initech');
    await submit(a);
    await thanks(a);
    const leadA = await storedLead(receiver, (l) => l.form.id == 'page-a');
    expect(leadA.answers).toEqual({ email: 'ada@initech.test', first_name: 'Ada', company: 'Initech' });
    expect(leadA.profile.company).toMatchObject({ value: 'Initech', source: { form: 'page-a', version: 3 } });
    await expect.poll(async () => Object.keys(await profileIn(a)).sort()).toEqual(['company', 'email', 'first_name']);

    const b = await v.open(server.url + '/b');
    await ready(b);
    // email (always asked, prefilled), seats (not in the pool), the next two pool fields. The
    // stored profile is read after the first render: poll until it has landed.
    await expect.poll(() => shown(b), { timeout: 10_000 }).toEqual(['email', 'seats', 'country', 'phone']);
    expect(await field(b, 'email').inputValue()).toBe('ada@initech.test');
    await expect.poll(() => b.locator('#host').getByRole('button', { name: 'Not you?' }).isVisible()).toBe(true);
    await field(b, 'seats').fill('40');
    await field(b, 'country').fill('Germany');
    await field(b, 'phone').fill('+49 30 1234567');
    await submit(b);
    await thanks(b);

    const leadB = await storedLead(receiver, (l) => l.form.id == 'page-b');
    expect(Object.keys(leadB.answers).sort()).toEqual(['country', 'email', 'phone', 'seats']);
    const fromA = { learnedAt: leadA.profile.company.learnedAt, source: { form: 'page-a', version: 3, page: `${server.url}/a` } };
    expect(leadB.profile).toMatchObject({
      first_name: { value: 'Ada', ...fromA },
      company: { value: 'Initech', ...fromA },
      email: { value: 'ada@initech.test', ...fromA, confirmedAt: expect.any(String) },
      country: { value: 'Germany', source: { form: 'page-b', version: 1, page: `${server.url}/b` } },
      seats: { value: 40, source: { form: 'page-b' } },
    });
    expect(Date.parse(leadB.profile.company.learnedAt)).toBeLessThan(Date.parse(leadB.profile.country.learnedAt));
    expect(receiver.stored.size).toBe(2);
    expect(receiver.stats().duplicates).toBe(0);

    await noScriptTag(server, a, b);
    for (const page of [a, b]) {
      expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
      expect((await events(page)).map((e) => `${e.from} ${e.type}`)).toEqual(['session submit', 'session delivered']);
    }
  });

  it('consent "required": a lead delivered without consent leaves no Cairn database but the emptied outbox; cairnPage.consent(true) writes the profile', async (t) => {
    const scope = testScope(t);
    const receiver = createLeadReceiver();
    const server = await site(scope, receiver, { '/newsletter': npmPage(NEWSLETTER) });
    const v = visitor(scope, receiver);
    const page = await v.open(server.url + '/newsletter');
    await ready(page);
    expect(await shown(page)).toEqual(['email', 'company', 'remember']);
    await field(page, 'email').fill('grace@example.test');
    await field(page, 'company').fill('Hopper & Co');
    await submit(page);
    await thanks(page);
    const lead = await storedLead(receiver, (l) => l.form.id == 'newsletter');
    expect(lead.answers).toEqual({ email: 'grace@example.test', company: 'Hopper & Co', remember: false });
    await expect.poll(() => heard(page)).toEqual([`session submit ${lead.id}`, `session delivered ${lead.id}`]);

    // Delivered; give a stray write time to happen, then look: the outbox that held the lead, empty; no profile, no signals.
    await page.waitForTimeout(300);
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);
    expect(await page.evaluate(() => ({ localStorage: localStorage.length, sessionStorage: sessionStorage.length, cookie: document.cookie }))).toEqual({
      localStorage: 0,
      sessionStorage: 0,
      cookie: '',
    });
    // Asking what is stored creates nothing either.
    expect(await profileIn(page)).toEqual({});
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);

    await page.evaluate(() => (window as any).cairnPage.consent(true));
    const stored = await databases(page);
    // the behaviour signals held for consent are stored too
    expect(Object.keys(stored).sort()).toEqual(['cairn-outbox', 'cairn-profile', 'cairn-signals']);
    expect(stored['cairn-profile']!.profile![0]).toMatchObject({
      email: { value: 'grace@example.test', source: { form: 'newsletter' } },
      company: { value: 'Hopper & Co' },
      $consent: { value: true },
    });
    expect(await profileIn(page)).toMatchObject({ email: { value: 'grace@example.test' }, company: { value: 'Hopper & Co' } });

    // Withdrawn: erased.
    await page.evaluate(() => (window as any).cairnPage.consent(false));
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);
    expect(receiver.stored.size).toBe(1);
    await noScriptTag(server, page);
    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
  });

  it('two tabs submitting at the same time: both leads delivered once, both answers in the stored profile', async (t) => {
    const scope = testScope(t);
    // every answer takes 200 ms: a lead sent twice at once (by both tabs) could not go unnoticed
    const receiver = createLeadReceiver({ latencyMs: 200 });
    const server = await site(scope, receiver, { '/tab-a': npmPage(TAB_A), '/tab-b': npmPage(TAB_B) });
    const v = visitor(scope, receiver);
    const a = await v.open(server.url + '/tab-a');
    const b = await v.open(server.url + '/tab-b');
    await Promise.all([ready(a), ready(b)]);
    expect(await shown(a)).toEqual(['industry']);
    expect(await shown(b)).toEqual(['country']);
    await field(a, 'industry').selectOption('Retail');
    await field(b, 'country').fill('Portugal');
    await Promise.all([submit(a), submit(b)]);
    await Promise.all([thanks(a), thanks(b)]);
    const [leadA, leadB] = await Promise.all([storedLead(receiver, (l) => l.form.id == 'tab-a'), storedLead(receiver, (l) => l.form.id == 'tab-b')]);
    expect(leadA.answers).toEqual({ industry: 'Retail' });
    expect(leadB.answers).toEqual({ country: 'Portugal' });
    for (const page of [a, b]) await expect.poll(() => outboxEntries(page)).toEqual([]);
    await a.waitForTimeout(500); // nothing more arrives
    expect(receiver.stored.size).toBe(2);
    expect(receiver.stats().duplicates).toBe(0);
    expect(receiver.attempts.map((x) => x.result)).toEqual(['stored', 'stored']);
    expect(receiver.overlaps()).toEqual([]);
    for (const page of [a, b]) {
      await expect.poll(() => profileIn(page)).toMatchObject({ industry: { value: 'Retail', source: { form: 'tab-a' } }, country: { value: 'Portugal', source: { form: 'tab-b' } } });
    }
    expect(await heard(a)).toEqual([`session submit ${leadA.id}`, `session delivered ${leadA.id}`]);
    expect(await heard(b)).toEqual([`session submit ${leadB.id}`, `session delivered ${leadB.id}`]);
    await noScriptTag(server, a, b);
    for (const page of [a, b]) expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
  });

  // `online` flushes at once: a lead waiting out the backoff of a network failure goes when the
  // page hears `online`, not when its retry timer fires. The test's own precondition: the retry
  // was still ≥ 1.5 s off when the page heard `online` (else the two cannot be told apart).
  it('offline at submit: thank-you, `queued`, nothing sent; back online: delivered once, at once, `delivered` news', async (t) => {
    await retryTiming('offline at submit, then online while the retry is ≥ 1.5 s off', async (attempt, scope) => {
      const receiver = createLeadReceiver();
      const server = await site(scope, receiver, { '/': npmPage(emailForm('offline')) });
      const v = visitor(scope, receiver);
      const page = await v.open(server.url + '/');
      await page.evaluate(() => addEventListener('online', (e) => ((window as any).__onlineAt = performance.timeOrigin + e.timeStamp)));
      await ready(page);
      await page.locator('#host').getByLabel('Email').waitFor();

      await v.context().setOffline(true);
      await page.locator('#host').getByLabel('Email').fill('offline@example.test');
      await submit(page);
      await thanks(page);
      await expect.poll(async () => (await events(page)).map((e) => `${e.from} ${e.type}`)).toEqual(['session submit', 'session queued']);
      const id = (await events(page))[1]!.id;
      // Offline until the lead's next retry is at least 2 s away (the backoff is random).
      let kept: OutboxRow[] | null = null;
      const deadline = Date.now() + 20_000;
      do {
        await page.waitForTimeout(200);
        kept = await outboxEntries(page);
      } while (Date.now() < deadline && (kept?.[0]?.destinations.default?.nextAttemptAt ?? 0) - Date.now() < 2_000);
      expect(kept?.map((e) => e.id)).toEqual([id]);
      expect(kept![0]!.destinations.default).toMatchObject({ status: 'pending' });
      expect(receiver.attempts).toEqual([]);
      const state = kept![0]!.destinations.default!;

      await v.context().setOffline(false);
      // (long enough for the retry timer too: if `online` did nothing, the assertions below say so)
      await expect.poll(() => receiver.stored.has(id), { timeout: Math.max(0, state.nextAttemptAt - Date.now()) + 10_000, interval: 50 }).toBe(true);
      const heardAt = await page.evaluate(() => (window as any).__onlineAt as number | undefined);
      expect(heardAt, "the page heard 'online'").toBeTypeOf('number');
      const left = Math.round(state.nextAttemptAt - heardAt!);
      requireTiming(left >= 1_500, `the page heard 'online' ${left} ms before the lead's retry was due (needs ≥ 1500)`);
      const storedAt = performance.timeOrigin + receiver.stored.get(id)!.at;
      expect(storedAt - heardAt!, "ms from 'online' to the lead stored").toBeLessThan(1_000);
      expect(storedAt, 'stored before its retry was due').toBeLessThan(state.nextAttemptAt);

      await expect.poll(() => heard(page)).toEqual([`session submit ${id}`, `session queued ${id}`, `news delivered ${id}`]);
      await expect.poll(() => outboxEntries(page)).toEqual([]);
      await page.waitForTimeout(500); // nothing more arrives
      expect(receiver.stored.size).toBe(1);
      expect(receiver.attempts.map((a) => `${a.id} ${a.result}`)).toEqual([`${id} stored`]);
      expect(receiver.stored.get(id)!.lead.answers).toEqual({ email: 'offline@example.test' });
      await noScriptTag(server, page);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
      console.log(`attempt ${attempt}: stored ${Math.round(storedAt - heardAt!)} ms after the page heard 'online'; its retry was due ${left} ms after it (${state.attempts} attempts while offline)`);
    }, { inconclusive: (note) => t.skip(note) });
  }, 4 * 60_000);

  it('SIGKILL within 50 ms of the click; relaunched on the same profile, the npm page without a form delivers the lead, once, same id', async (t) => {
    await retryTiming('SIGKILL within 50 ms of the click (npm page)', (attempt, scope) => killScenario(attempt, scope), { attempts: KILL_ATTEMPTS, inconclusive: (note) => t.skip(note) });
  }, KILL_ATTEMPTS * 90_000);

  it(`fault run: ${FAULT_LEADS} submissions from ${FAULT_TABS} tabs, ~30% of requests failing, tabs closed after submit: every lead stored exactly once`, async (t) => {
    await faultRun(t);
  }, 480_000);
});

// --- SIGKILL (the approach of delivery-kill.browser.test.ts) --------------------------------------

/** A planned click this late (ms) means the page's main thread was not getting the CPU. */
const STARVED_MS = 3;
/** SIGKILL this long after the renderer dispatched the click (the issue: within 50 ms). */
const KILL_AFTER_MS = Number(process.env.CAIRN_KILL_AFTER_MS ?? 45);
const KILL_ATTEMPTS = 6;
/** How far ahead the click is planned: time for the page (and the killer) to hear of the plan first. */
const CLICK_LEAD_MS = 1_000;
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.contexts()[0]!.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function killScenario(attempt: number, { defer, onFailed }: AttemptScope): Promise<void> {
  // Until the relaunch, the endpoint holds every request unanswered; then it accepts.
  const receiver = createLeadReceiver({ decide: () => 'hold' });
  const server = await site({ defer, onFailed }, receiver, { '/form': npmPage(emailForm('killed')), '/about': npmPage(), '/bare': barePage() });
  const profile = mkdtempSync(join(tmpdir(), 'cairn-npm-kill-'));
  defer(() => rmSync(profile, { recursive: true, force: true }));
  const launched: Launched[] = [];
  defer(async () => {
    for (const l of launched) {
      await l.browser.close().catch(() => {});
      await killGroup(l.process);
    }
  });
  onFailed(() => {
    console.log(`attempt ${attempt} failed:`);
    for (const l of launched) console.log('--- chromium stderr\n' + l.stderr.join('').slice(-4000));
    console.log('receiver attempts:\n' + receiver.attempts.map((a) => `#${a.n} ${a.id} ${a.contentType} ${a.fault} ${a.result}`).join('\n'));
  });

  // 1. Submit, then kill.
  const first = await launch(profile);
  launched.push(first);
  const page = await newPage(first.browser);
  const marks: { write?: number } = {};
  await page.exposeBinding('__cairnMark', (_source, name: 'write', at: number) => void (marks[name] ??= at));
  // (a string: the test runner's transform would add helpers to a function that the page does not have)
  await page.addInitScript(`
    const mark = (name) => window.__cairnMark(name, performance.timeOrigin + performance.now());
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      const tx = transaction.apply(this, args);
      if (this.name === 'cairn-outbox' && args[1] === 'readwrite') tx.addEventListener('complete', () => mark('write'));
      return tx;
    };
  `);
  await page.goto(server.url + '/form');
  await ready(page);
  const host = page.locator('#host');
  await host.getByLabel('Email').fill('killed@example.test');
  await page.waitForTimeout(200); // settled: the stored profile read, the runtime started
  // The machine must be able to commit a write well inside the window, or the attempt tests nothing.
  await requireQuickStorage(page);
  const killer = await startKiller();
  defer(() => killer.stop());
  const button = await host.getByRole('button', { name: 'Submit' }).elementHandle();
  const clickAt = epochNow() + CLICK_LEAD_MS;
  const killed = killer.killAt(first.process.pid!, clickAt + KILL_AFTER_MS);
  const clicked: Promise<number | undefined> = button!
    .evaluate(
      (element, at) =>
        new Promise<number>((resolve) => {
          setTimeout(
            () => {
              while (performance.timeOrigin + performance.now() < at);
              const clickedAt = performance.timeOrigin + performance.now();
              (element as HTMLElement).click();
              resolve(clickedAt);
            },
            Math.max(0, at - (performance.timeOrigin + performance.now()) - 5),
          );
        }),
      clickAt,
    )
    .catch(() => undefined);
  const killedAt = await killed;
  await killGroup(first.process);
  const goneAt = epochNow();
  const click = await clicked;
  const since = (at: number | undefined) => (at === undefined ? 'not seen' : `+${Math.round(at - (click ?? clickAt))} ms`);
  const requestAt = receiver.attempts[0] && performance.timeOrigin + receiver.attempts[0].start;
  const timeline =
    `${click === undefined ? '(the page did not say when it clicked: from the planned click) ' : `(the page clicked ${(click - clickAt).toFixed(1)} ms after the planned time) `}` +
    `outbox write committed ${since(marks.write)}, first request at the receiver ${since(requestAt)}, SIGKILL ${since(killedAt)}, browser gone ${since(goneAt)}`;
  console.log(`attempt ${attempt}, after the click: ${timeline}`);
  const latest = Math.max(50, KILL_AFTER_MS + 5);
  const killedAfter = killedAt - (click ?? clickAt);
  requireTiming(killedAfter <= latest, `the SIGKILL landed ${killedAfter.toFixed(1)} ms after the ${click === undefined ? 'planned ' : ''}click (needs ≤ ${latest})`);
  expect(receiver.stored.size).toBe(0);
  await first.browser.close().catch(() => {});

  // 2. Relaunch on the same profile. A page without any script shows the outbox as the kill left it.
  receiver.decide = () => 'ok';
  const second = await launch(profile);
  launched.push(second);
  const bare = await newPage(second.browser);
  await bare.goto(server.url + '/bare');
  const kept = await outboxEntries(bare);
  if (!kept?.length) {
    requireTiming(
      click !== undefined && killedAfter >= KILL_AFTER_MS && click - clickAt <= STARVED_MS,
      click === undefined
        ? `no lead in the outbox, and the page's answer saying when it clicked did not get out before the kill (needs to be known ≥ ${KILL_AFTER_MS} ms after it)`
        : click - clickAt > STARVED_MS
          ? `no lead in the outbox, and the page was starved: its planned click came ${(click - clickAt).toFixed(1)} ms late (needs ≤ ${STARVED_MS})`
          : `no lead in the outbox, and the page clicked ${(click - clickAt).toFixed(1)} ms late: the SIGKILL came ${killedAfter.toFixed(1)} ms after its click (needs ≥ ${KILL_AFTER_MS})`,
    );
  }
  // The product's guarantee: the outbox write commits early enough that a kill within 50 ms of the click does not lose the lead.
  expect(kept, `the lead is in the outbox after the kill (${timeline})`).toHaveLength(1);
  const id = kept![0]!.id;
  expect(kept![0]!.destinations.default).toMatchObject({ status: 'pending' });
  expect(receiver.attempts.every((a) => a.id === id)).toBe(true);

  // 3. The npm page without a form (it only starts the runtime): the lead is delivered, once.
  const about = await newPage(second.browser);
  const openedAt = performance.now();
  const claimLeft = (kept![0]!.destinations.default!.claim?.until ?? 0) - Date.now();
  await about.goto(server.url + '/about');
  await expect.poll(() => receiver.stored.has(id), { timeout: 30_000, interval: 200 }).toBe(true);
  const tookMs = performance.now() - openedAt;
  expect(receiver.stored.get(id)!.lead).toMatchObject({ id, form: { id: 'killed' }, answers: { email: 'killed@example.test' } });
  await expect.poll(() => outboxEntries(about)).toEqual([]);
  await expect.poll(() => heard(about)).toEqual([`document delivered ${id}`]);
  await about.waitForTimeout(500); // nothing more arrives
  expect(receiver.stored.size).toBe(1);
  expect(receiver.stats().duplicates).toBe(0);
  await noScriptTag(server, about);
  console.log(`relaunched: delivered ${Math.round(tookMs)} ms after the npm page without a form was opened; the killed tab's claim on the lead had ${Math.max(0, Math.round(claimLeft))} ms left then`);
}

// --- the fault run (delivery-fault.browser.test.ts, smaller) -------------------------------------

const FAULT_LEADS = Number(process.env.CAIRN_NPM_FAULT_LEADS ?? 30);
const FAULT_TABS = Number(process.env.CAIRN_NPM_FAULT_TABS ?? 3);
/** This seed's first 30 decisions hold every fault (5xx, drop, 429, slow). */
const FAULT_SEED = Number(process.env.CAIRN_NPM_FAULT_SEED ?? 20_251);
const CLOSE_EVERY = 5;
const TIMEOUT_MS = 2_000;
const SLOW_MS = 3_000;
const FAULTS = { '5xx': 0.12, drop: 0.08, '429': 0.05, slow: 0.05 } as const;

const faultForm = (id: string) => ({
  id,
  version: 1,
  steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { destinations: [{ id: 'crm', format: 'json', endpoint: '/leads', timeoutMs: TIMEOUT_MS }] },
  // nothing remembered between submissions (no prefilled email, no "Not you?")
  profiling: { consent: 'required' },
});

async function faultRun(t: TestContext): Promise<void> {
  const scope = testScope(t);
  const receiver = createLeadReceiver({ decide: faultMix(FAULTS, FAULT_SEED), slowMs: SLOW_MS, retryAfter: 1 });
  const server = await site(scope, receiver, { '/demo': npmPage(faultForm('demo')), '/pricing': npmPage(faultForm('pricing')), '/about': npmPage() });
  const problems: string[] = [];
  t.onTestFailed(() => {
    console.log(problems.slice(-200).join('\n'));
    console.log(JSON.stringify(receiver.stats()));
  });
  const browserContext = await browser.newContext();
  scope.defer(() => browserContext.close());
  const open = async (): Promise<Page> => {
    const tab = await browserContext.newPage();
    tab.setDefaultTimeout(20_000);
    tab.on('pageerror', (e) => problems.push(`[uncaught] ${e.stack ?? e}`));
    tab.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`[console] ${m.text()}`));
    await watchOutboxWrites(tab);
    return tab;
  };
  const started = performance.now();
  let next = 0;
  let lastClickAt = 0;
  const closes = tabCloses(CLOSE_EVERY);
  await Promise.all(
    Array.from({ length: FAULT_TABS }, async () => {
      let tab = await open();
      for (let i = next++; i < FAULT_LEADS; i = next++) {
        if (i % 10 === 9) await tab.goto(server.url + '/about');
        await tab.goto(server.url + (i % 2 ? '/pricing' : '/demo'));
        await ready(tab);
        const host = tab.locator('#host');
        const email = `lead-${String(i).padStart(3, '0')}@fault.test`;
        await host.getByLabel('Email').fill(email);
        await tab.waitForTimeout(50);
        await host.getByRole('button', { name: 'Submit' }).click();
        lastClickAt = performance.now();
        if (await closes.due(tab, i, email)) {
          problems.push(`lead ${i}: tab closed right after the click`);
          await tab.close();
          tab = await open();
          continue;
        }
        // The visitor's part is done after one attempt: delivered, or queued for retries.
        await expect
          .poll(() => thankYouShown(tab), { timeout: TIMEOUT_MS + 15_000, interval: 50 })
          .toBe(true)
          .catch(async (error) => {
            const text = await tab.evaluate(() => document.querySelector('#host')?.shadowRoot?.textContent);
            problems.push(`lead ${i}: no thank-you; the form shows "${text}"; events ${JSON.stringify(await events(tab))}`);
            throw error;
          });
        const types = (await events(tab)).filter((e) => e.from == 'session').map((e) => e.type);
        if (!types.includes('queued') && !types.includes('delivered')) problems.push(`lead ${i}: thank-you without queued/delivered: ${types}`);
      }
      await tab.close();
    }),
  );
  const submittedAt = performance.now();
  const during = receiver.stats();

  // The npm page without a form left open (reloaded every 10 s, as a visitor browsing on) until the outbox is empty.
  const last = await open();
  await last.goto(server.url + '/about');
  let reloads = 0;
  const deadline = performance.now() + 150_000;
  let left: number | undefined;
  for (;;) {
    left = (await outboxEntries(last))?.length;
    if (left === 0 || performance.now() > deadline) break;
    await last.waitForTimeout(500);
    if (performance.now() - submittedAt > (reloads + 1) * 10_000) {
      reloads++;
      await last.reload();
    }
  }
  const drainedAt = performance.now();
  await last.waitForTimeout(1_000); // anything still on its way arrives
  const stats = receiver.stats();

  const leads = [...receiver.stored.values()].map((s) => s.lead);
  const emails = leads.map((l) => l.answers?.email as string).sort();
  const expected = Array.from({ length: FAULT_LEADS }, (_, i) => `lead-${String(i).padStart(3, '0')}@fault.test`);
  const lost = expected.filter((e) => !emails.includes(e));
  const twice = emails.filter((e, i) => emails[i - 1] === e);
  console.log(
    [
      `npm-page fault run: ${FAULT_LEADS} leads from ${FAULT_TABS} tabs, ${closes.report()}; receiver failed ${Object.entries(stats.faults)
        .filter(([, n]) => n)
        .map(([k, n]) => `${n}×${k}`)
        .join(', ')} of ${stats.attempts} POSTs`,
      `raw attempts ${stats.attempts} (${(stats.attempts / FAULT_LEADS).toFixed(2)} per lead; ${stats.textPlain} last-chance text/plain), ${during.attempts} while submitting; ` +
        `duplicates dropped by the receiver ${stats.duplicates}; stored ${stats.stored}`,
      `submitting took ${((submittedAt - started) / 1e3).toFixed(1)} s; drained ${((drainedAt - lastClickAt) / 1e3).toFixed(1)} s after the last click; ` +
        `${left ?? 'no'} entries left in the outbox; lost ${lost.length}; stored twice ${twice.length}`,
    ].join('\n'),
  );
  expect(lost).toEqual([]);
  expect(twice).toEqual([]);
  expect(new Set(leads.map((l) => l.id)).size).toBe(FAULT_LEADS);
  expect(receiver.stored.size).toBe(FAULT_LEADS);
  expect(left).toBe(0);
  // The run did exercise every fault, and retries.
  for (const fault of Object.keys(FAULTS)) expect(stats.faults[fault as keyof typeof FAULTS], fault).toBeGreaterThan(0);
  expect(stats.attempts).toBeGreaterThan(FAULT_LEADS);
  expect(closes.closedAt.size, 'tabs closed right after the click').toBeGreaterThanOrEqual(FAULT_LEADS / CLOSE_EVERY - FAULT_TABS);
  expect(problems.filter((p) => p.startsWith('[uncaught]'))).toEqual([]);
  expect(server.requests.filter((r) => /cairn(-later|-diagnostics)?\.js$/.test(r.path))).toEqual([]);
}
