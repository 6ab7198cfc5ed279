// Progressive profiling through the script tag, in Chromium: what one form learns, another
// form on another page of the same site does not ask again; consent; two tabs; storage that
// fails; forget and "Not you?". Where persistence matters, every page of a test is a page of
// one browser context (one profile), like the tabs and visits of one visitor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, readWatch, watchPageErrors, type Diagnostics } from '../../../scripts/browser/chromium.js';
import { acceptLead, builtFile, CAIRN_JS, ensureEmbedBuilt, ROOT, startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';

// The two forms of docs/progressive-profiling.md: one pool, three new questions per view.
const POOL_FIELDS = (size: string) => [
  { id: 'company', type: 'text', label: 'Company', required: true },
  { id: size, ...(size == 'company_size' ? {} : { profile: 'company_size' }), type: 'select', label: 'Company size', options: ['1-49', '50-999', '1000+'], required: true },
  { id: 'role', type: 'select', label: 'Your role', options: ['Engineering', 'Marketing', 'Sales', 'Leadership'] },
  { id: 'industry', type: 'select', label: 'Industry', options: ['SaaS', 'Retail', 'Finance', 'Other'] },
  { id: 'country', type: 'text', label: 'Country' },
  { id: 'phone', type: 'tel', label: 'Phone' },
];
const CONSENT = { id: 'consent', type: 'consent', label: 'I agree to the privacy policy', required: true };
const DEMO = {
  id: 'demo',
  version: 4,
  title: 'Book a demo',
  steps: [{ id: 'you', fields: [{ id: 'email', type: 'email', label: 'Work email', required: true }, ...POOL_FIELDS('company_size'), CONSENT] }],
  submit: { endpoint: '/leads' },
  profiling: { alwaysAsk: ['email'], pool: ['company', 'company_size', 'role', 'industry', 'country', 'phone'], maxNewFields: 3 },
};
const PRICING = {
  id: 'pricing',
  version: 2,
  title: 'Get a quote',
  steps: [
    {
      id: 'quote',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'seats', type: 'number', label: 'How many seats?', min: 1 },
        ...POOL_FIELDS('size'),
        CONSENT,
      ],
    },
  ],
  submit: { endpoint: '/leads' },
  profiling: { alwaysAsk: ['email'], pool: ['company', 'size', 'role', 'industry', 'country', 'phone'], maxNewFields: 3 },
};
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
const one = (id: string, field: object) => ({ id, version: 1, steps: [{ id: 'one', fields: [field] }], submit: { endpoint: '/leads' } });
const TAB_A = one('tab-a', { id: 'industry', type: 'select', label: 'Industry', options: ['SaaS', 'Retail'], required: true });
const TAB_B = one('tab-b', { id: 'country', type: 'text', label: 'Country', required: true });
/** Two steps: the pool waits on the second, so what another tab learns meanwhile can still shorten it. */
const SYNC = {
  id: 'sync',
  version: 1,
  steps: [
    { id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Work email', required: true }] },
    { id: 'about', fields: POOL_FIELDS('company_size').slice(0, 4) },
  ],
  submit: { endpoint: '/leads' },
  profiling: { alwaysAsk: ['email'], pool: ['company', 'company_size', 'role', 'industry'], maxNewFields: 3 },
};

const example = (file: string) => readFileSync(join(ROOT, 'examples', 'landing-page', file), 'utf8');
const page = (form: string) => ({ body: testPage(`<main><div id="host" data-cairn-form="/test-forms/${form}.json"></div></main>`) });
const json = (value: object) => ({ body: JSON.stringify(value), type: 'application/json' });

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  ensureEmbedBuilt();
  server = await startTestServer({
    '/demo': page('demo'),
    '/pricing': page('pricing'),
    '/newsletter': page('newsletter'),
    '/tab-a': page('tab-a'),
    '/tab-b': page('tab-b'),
    '/sync': page('sync'),
    '/blank': { body: testPage('<main><div id="host"></div></main>') },
    '/test-forms/demo.json': json(DEMO),
    '/test-forms/pricing.json': json(PRICING),
    '/test-forms/newsletter.json': json(NEWSLETTER),
    '/test-forms/tab-a.json': json(TAB_A),
    '/test-forms/tab-b.json': json(TAB_B),
    '/test-forms/sync.json': json(SYNC),
    '/leads': acceptLead,
    '/favicon.ico': { status: 204, body: '' },
    // cairn.js without cairn-later.js beside it
    '/lost/cairn.js': builtFile(CAIRN_JS),
    '/lost/page': { body: testPage('<main><div id="host" data-cairn-form="/test-forms/demo.json"></div></main>', { script: false, head: '<script src="/lost/cairn.js" defer></script>' }) },
    // The example site (examples/landing-page), posting to this server.
    '/': { body: example('index.html') },
    '/pricing.html': { body: example('pricing.html') },
    '/styles.css': { body: example('styles.css') },
    '/favicon.svg': { body: example('favicon.svg'), type: 'image/svg+xml' },
    '/forms/demo-request.json': json({ ...JSON.parse(example('forms/demo-request.json')), submit: { endpoint: '/leads' } }),
    '/forms/pricing.json': json({ ...JSON.parse(example('forms/pricing.json')), submit: { endpoint: '/leads' } }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Lead = { id: string; form: { id: string }; answers: Record<string, unknown>; profile: Record<string, any> };

/** Leads the server received, in order. */
const leads = (): Lead[] => server.requests.filter((r) => r.method == 'POST' && r.path == '/leads').map((r) => JSON.parse(r.body));

async function leadFrom(formId: string, email?: string): Promise<Lead> {
  const find = () => leads().find((l) => l.form.id == formId && (email === undefined || l.answers.email == email));
  await expect.poll(find, { timeout: 10_000 }).toBeTruthy();
  return find()!;
}

/**
 * One visitor: a browser context (one profile: IndexedDB survives reloads and is shared by its
 * pages), closed when the test ends; every page records what would reach the host page as an
 * uncaught error, and the console.
 */
function visitor(context: TestContext, init?: () => void) {
  let browserContext: BrowserContext | undefined;
  const logs: Diagnostics[] = [];
  context.onTestFailed(() => logs.forEach((d) => console.log(d.dump())));
  context.onTestFinished(() => browserContext?.close());
  return async (path: string): Promise<{ page: Page; diagnostics: Diagnostics }> => {
    browserContext ??= await browser.newContext();
    const page = await browserContext.newPage();
    page.setDefaultTimeout(10_000);
    const diagnostics: Diagnostics = {
      console: [],
      consoleErrors: [],
      pageErrors: [],
      network: [],
      dump() {
        return [`--- ${path}`, ...this.console, '--- uncaught', ...this.pageErrors].join('\n');
      },
    };
    logs.push(diagnostics);
    page.on('console', (m) => {
      diagnostics.console.push(`[${m.type()}] ${m.text()}`);
      if (m.type() == 'error') diagnostics.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => diagnostics.pageErrors.push(String(e.stack ?? e)));
    await watchPageErrors(page);
    // every `cairn:error` event the page sees
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      Object.defineProperty(window, '__cairnErrors', { value: seen });
      document.addEventListener('cairn:error', (e) => seen.push({ kind: (e as CustomEvent).detail.kind, message: (e as CustomEvent).detail.message }));
      document.addEventListener('cairn:ready', () => ((window as any).__readyAt ??= performance.now()));
    });
    if (init) await page.addInitScript(init);
    await page.goto(server.url + path);
    return { page, diagnostics };
  };
}

/** The fields the form shows now (by name, in order), once it is interactive. */
async function shown(page: Page, host = '#host'): Promise<string[]> {
  await page.locator(`${host} form [name]`).first().waitFor();
  return page.evaluate(
    (host) => [...new Set([...document.querySelector(host)!.shadowRoot!.querySelectorAll<HTMLInputElement>('form [name]')].map((e) => e.name))],
    host,
  );
}

const field = (page: Page, name: string) => page.locator(`#host [name="${name}"]`);
const submit = (page: Page) => page.locator('#host').getByRole('button', { name: 'Submit' }).click();
const thanks = (page: Page) => expect.poll(() => page.locator('#host').getByText('Thank you!').isVisible(), { timeout: 10_000 }).toBe(true);

const profileIn = (page: Page, namespace?: string): Promise<Record<string, any>> =>
  page.evaluate((ns) => (window as any).Cairn.profile(ns), namespace);

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

/** What the page keeps anywhere a script can see (besides IndexedDB): localStorage, sessionStorage, cookies. */
const otherStorage = (page: Page) =>
  page.evaluate(() => ({ localStorage: localStorage.length, sessionStorage: sessionStorage.length, cookie: document.cookie }));

async function answerDemo(page: Page, email: string) {
  expect(await shown(page)).toEqual(['email', 'company', 'company_size', 'role', 'consent']);
  await field(page, 'email').fill(email);
  await field(page, 'company').fill('Initech');
  await field(page, 'company_size').selectOption('50-999');
  await field(page, 'role').selectOption('Engineering');
  await field(page, 'consent').check();
  await submit(page);
  await thanks(page);
}

describe('progressive profiling (script tag, Chromium)', () => {
  it('page B (pricing) asks none of what page A (demo) learned, only the next pool fields; its lead carries the earlier answers with learnedAt and source', async (context) => {
    const open = visitor(context);
    const a = await open('/demo');
    await answerDemo(a.page, 'ada@initech.test');
    const demoLead = await leadFrom('demo', 'ada@initech.test');
    expect(demoLead.profile.company).toMatchObject({ value: 'Initech', source: { form: 'demo', version: 4 } });
    // The write is done before the next page reads (it starts before the lead is sent).
    await expect.poll(async () => Object.keys(await profileIn(a.page)).sort()).toEqual(['company', 'company_size', 'email', 'role']);

    const b = await open('/pricing');
    // email (always asked, prefilled), seats (not in the pool), the next three pool fields, consent
    expect(await shown(b.page)).toEqual(['email', 'seats', 'industry', 'country', 'phone', 'consent']);
    expect(await field(b.page, 'email').inputValue()).toBe('ada@initech.test');
    await expect.poll(() => b.page.locator('#host').getByRole('button', { name: 'Not you?' }).isVisible()).toBe(true);
    await field(b.page, 'seats').fill('40');
    await field(b.page, 'industry').selectOption('SaaS');
    await field(b.page, 'country').fill('Germany');
    await field(b.page, 'phone').fill('+49 30 1234567');
    await field(b.page, 'consent').check();
    await submit(b.page);
    await thanks(b.page);

    const lead = await leadFrom('pricing', 'ada@initech.test');
    expect(Object.keys(lead.answers).sort()).toEqual(['consent', 'country', 'email', 'industry', 'phone', 'seats']);
    const fromDemo = { learnedAt: demoLead.profile.company.learnedAt, source: { form: 'demo', version: 4, page: `${server.url}/demo` } };
    expect(lead.profile).toMatchObject({
      company: { value: 'Initech', ...fromDemo },
      company_size: { value: '50-999', ...fromDemo },
      role: { value: 'Engineering', ...fromDemo },
      email: { value: 'ada@initech.test', ...fromDemo, confirmedAt: expect.any(String) },
      industry: { value: 'SaaS', source: { form: 'pricing', version: 2 } },
      seats: { value: 40, source: { form: 'pricing' } },
    });
    expect(Date.parse(lead.profile.company.learnedAt)).toBeLessThan(Date.parse(lead.profile.industry.learnedAt));

    // Both pages: nothing uncaught, no console noise.
    for (const { page, diagnostics } of [a, b]) {
      expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
      expect(diagnostics.console.filter((l) => /^\[(error|warning)\]/.test(l))).toEqual([]);
    }
  });

  it('consent "required": a lead delivered without consent leaves nothing in IndexedDB, localStorage or cookies; Cairn.consent(true) writes it', async (context) => {
    const open = visitor(context);
    const { page, diagnostics } = await open('/newsletter');
    expect(await shown(page)).toEqual(['email', 'company', 'remember']);
    await field(page, 'email').fill('grace@example.test');
    await field(page, 'company').fill('Hopper & Co');
    await submit(page);
    await thanks(page);
    const lead = await leadFrom('newsletter', 'grace@example.test');
    expect(lead.answers).toEqual({ email: 'grace@example.test', company: 'Hopper & Co', remember: false });

    // Delivered; give a stray write time to happen, then look everywhere.
    // The outbox held the lead until it was delivered, and holds nothing now.
    await page.waitForTimeout(300);
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);
    expect(await otherStorage(page)).toEqual({ localStorage: 0, sessionStorage: 0, cookie: '' });
    // Asking what is stored creates nothing either.
    expect(await profileIn(page)).toEqual({});
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);

    await page.evaluate(() => (window as any).Cairn.consent(true));
    const stored = await databases(page);
    // the behaviour signals held for consent are stored too
    expect(Object.keys(stored).sort()).toEqual(['cairn-outbox', 'cairn-profile', 'cairn-signals']);
    expect(stored['cairn-profile']!.profile![0]).toMatchObject({
      email: { value: 'grace@example.test', source: { form: 'newsletter' } },
      company: { value: 'Hopper & Co' },
    });
    expect(await otherStorage(page)).toEqual({ localStorage: 0, sessionStorage: 0, cookie: '' });

    // Withdrawn: erased, and the next answers are held in memory again.
    await page.evaluate(() => (window as any).Cairn.consent(false));
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);
    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
    expect(diagnostics.console.filter((l) => /^\[(error|warning)\]/.test(l))).toEqual([]);
  });

  it('consent "required": ticking the form\'s consent field on a second submission stores both submissions', async (context) => {
    const open = visitor(context);
    const { page } = await open('/newsletter');
    await field(page, 'email').fill('first@example.test');
    await field(page, 'company').fill('First Ltd');
    await submit(page);
    await thanks(page);
    await leadFrom('newsletter', 'first@example.test');
    await expect.poll(() => databases(page)).toEqual(EMPTY_OUTBOX);

    // The same page mounts a second form (another view of the site); the visitor ticks the box this time.
    await page.evaluate(() =>
      (window as any).Cairn.mount('#host', {
        id: 'newsletter-2',
        version: 1,
        steps: [{ id: 'one', fields: [{ id: 'topic', type: 'text', label: 'Topic' }, { id: 'remember', type: 'consent', label: 'Remember my answers' }] }],
        submit: { endpoint: '/leads' },
        profiling: { consent: 'required' },
      }),
    );
    expect(await shown(page)).toEqual(['topic', 'remember']);
    await field(page, 'topic').fill('Pricing');
    await field(page, 'remember').check();
    await submit(page);
    await thanks(page);
    await leadFrom('newsletter-2');
    await expect.poll(async () => Object.keys(await profileIn(page)).sort()).toEqual(['$consent', 'company', 'email', 'topic']);
    expect((await profileIn(page)).email).toMatchObject({ value: 'first@example.test', source: { form: 'newsletter' } });

    // The next page of the site knows consent was given: it uses what is remembered (company is not asked again).
    const next = await open('/newsletter');
    expect(await shown(next.page)).toEqual(['email', 'remember']);
    expect(await field(next.page, 'email').inputValue()).toBe('first@example.test');
    // Withdrawn there: erased, and the page after that knows nothing again.
    await next.page.evaluate(() => (window as any).Cairn.consent(false));
    const after = await open('/newsletter');
    expect(await shown(after.page)).toEqual(['email', 'company', 'remember']);
  });

  it('two tabs answering different fields at the same time: both answers are in the store', async (context) => {
    const open = visitor(context);
    const a = await open('/tab-a');
    const b = await open('/tab-b');
    expect(await shown(a.page)).toEqual(['industry']);
    expect(await shown(b.page)).toEqual(['country']);
    await field(a.page, 'industry').selectOption('Retail');
    await field(b.page, 'country').fill('Portugal');
    await Promise.all([submit(a.page), submit(b.page)]);
    await Promise.all([thanks(a.page), thanks(b.page)]);
    await Promise.all([leadFrom('tab-a'), leadFrom('tab-b')]);
    for (const { page } of [a, b]) {
      await expect.poll(async () => await profileIn(page)).toMatchObject({ industry: { value: 'Retail' }, country: { value: 'Portugal' } });
    }
  });

  for (const [variant, init] of [
    [
      'indexedDB.open throws',
      () => {
        indexedDB.open = () => {
          throw new DOMException('The user denied permission to access the database.', 'UnknownError');
        };
      },
    ],
    ['indexedDB is undefined', () => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })],
  ] as const) {
    it(`${variant}: the form renders and submits, one storage error event and one console warning, nothing uncaught`, async (context) => {
      const open = visitor(context, init);
      const { page, diagnostics } = await open('/demo');
      await answerDemo(page, `${variant.length}@storage.test`);
      await leadFrom('demo', `${variant.length}@storage.test`);

      // The API never rejects either; the page keeps what it learned in memory.
      expect(await profileIn(page)).toMatchObject({ company: { value: 'Initech' } });
      await page.evaluate(async () => {
        const c = (window as any).Cairn;
        await c.consent(true);
        await c.consent(false);
        await c.forget();
      });
      expect(await profileIn(page)).toEqual({});

      const errors = await page.evaluate(() => (window as any).__cairnErrors);
      expect(errors).toEqual([
        { kind: 'storage', message: expect.stringMatching(/^IndexedDB is unavailable \(.+\); answers are kept in memory for this page only$/) },
        // the lead's outbox fell back to memory too: the site hears it, per lead
        { kind: 'storage', message: 'IndexedDB is unavailable: this lead is kept in memory and retried only while the page is open' },
      ]);
      // not shown to the visitor
      expect(await page.locator('#host').textContent()).not.toContain('IndexedDB');
      expect(diagnostics.console.filter((l) => /^\[(error|warning)\]/.test(l))).toEqual([expect.stringMatching(/^\[warning\] Cairn: IndexedDB is unavailable/)]);
      expect(diagnostics.pageErrors).toEqual([]);
      expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
    });
  }

  it('an IndexedDB that never answers holds the form back at most ~250 ms; it submits; the API still resolves', async (context) => {
    const open = visitor(context, () => {
      // a request that never fires (as when open() waits behind a blocked deletion)
      indexedDB.open = () => ({}) as IDBOpenDBRequest;
      // a returning visitor: a first visit (no profile database listed) opens nothing, and waits for nothing
      indexedDB.databases = async () => [{ name: 'cairn-profile', version: 1 }];
    });
    const { page, diagnostics } = await open('/demo');
    await answerDemo(page, 'slow@storage.test');
    await leadFrom('demo', 'slow@storage.test');
    // Timed from the moment the config had arrived (the browser's resource timing) to `cairn:ready`:
    // the 250 ms race for IndexedDB starts then, and only parsing and rendering follow it. Not from
    // navigation, as before: how long a busy machine takes to load the page and cairn.js is the
    // machine's, not Cairn's (what a page downloads before the form is ready is budgeted in size.browser.test.ts).
    const { readyAt, configEnd } = await page.evaluate(() => ({
      readyAt: (window as any).__readyAt as number,
      configEnd: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.name.endsWith('/test-forms/demo.json'))!.responseEnd,
    }));
    const heldBack = readyAt - configEnd;
    console.log(`IndexedDB never answers: the form was ready ${Math.round(heldBack)} ms after its config arrived (${Math.round(readyAt)} ms after navigation)`);
    expect(heldBack).toBeGreaterThanOrEqual(249); // it did wait for IndexedDB…
    expect(heldBack).toBeLessThan(1_250); // …at most 250 ms, plus parsing and rendering, not IndexedDB's own 1 s or 3 s limits
    expect(await profileIn(page)).toEqual({}); // after its own 3 s limit
    await page.evaluate(() => (window as any).Cairn.forget());
    expect(diagnostics.pageErrors).toEqual([]);
    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
    // no answer from the profile is not a failure; the lead's outbox waited 1 s for IndexedDB, then kept
    // the lead in memory and sent it: one storage event for that lead, and the console says it once per page
    expect(await page.evaluate(() => (window as any).__cairnErrors)).toEqual([
      { kind: 'storage', message: 'IndexedDB is unavailable: this lead is kept in memory and retried only while the page is open' },
    ]);
    expect(diagnostics.console.filter((l) => /^\[(error|warning)\]/.test(l))).toEqual([
      '[warning] Cairn: IndexedDB is unavailable (no answer in 1 s); unsent leads are kept in memory for this page only',
    ]);
  });

  it('when cairn-later.js cannot be loaded, consent, forget and profile resolve all the same; the console says so once', async (context) => {
    const open = visitor(context);
    const { page, diagnostics } = await open('/lost/page');
    // A deploy without it: the form gives way to the error naming the file (test/deploy.browser.test.ts).
    await expect.poll(() => page.evaluate(() => document.querySelector('#host')?.shadowRoot?.textContent ?? '')).toMatch(/cairn-later\.js: it answered HTTP 404/);
    const results = await page.evaluate(async () => {
      const c = (window as any).Cairn;
      return [await c.consent(true), await c.forget(), await c.profile(), await c.consent(false)];
    });
    expect(results).toEqual([undefined, undefined, {}, undefined]);
    expect(diagnostics.console.filter((l) => l.startsWith('[warning]'))).toEqual([
      expect.stringMatching(/^\[warning\] Cairn: .*cairn-later\.js/),
    ]);
    expect(diagnostics.pageErrors).toEqual([]);
    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
  });

  it('Cairn.forget() erases the profile (a reload asks everything again), and "Not you?" clears it', async (context) => {
    const open = visitor(context);
    const { page, diagnostics } = await open('/demo');
    await answerDemo(page, 'ada@initech.test');
    // a second profile on the same origin, in a namespace
    await page.evaluate(() =>
      (window as any).Cairn.mount('#host', {
        id: 'brand2', version: 1, steps: [{ id: 'one', fields: [{ id: 'email', type: 'email', label: 'Email' }] }], submit: { endpoint: '/leads' },
      }, { namespace: 'brand2' }),
    );
    await field(page, 'email').fill('ada@brand2.test');
    await submit(page);
    await thanks(page);
    await expect.poll(async () => Object.keys(await profileIn(page, 'brand2'))).toEqual(['email']);
    await expect.poll(async () => Object.keys(await databases(page)).sort()).toEqual(['cairn-outbox', 'cairn-profile', 'cairn-profile:brand2', 'cairn-signals']);

    await page.evaluate(() => (window as any).Cairn.forget());
    expect(await databases(page)).toEqual(EMPTY_OUTBOX);
    expect(await profileIn(page)).toEqual({});
    await page.reload();
    await answerDemo(page, 'ada@initech.test'); // asks the first three pool fields again

    // Known again: the next view has "Not you?"; it restarts the form as new and erases the profile.
    await page.reload();
    expect(await shown(page)).toEqual(['email', 'industry', 'country', 'phone', 'consent']);
    await page.locator('#host').getByRole('button', { name: 'Not you?' }).click();
    expect(await shown(page)).toEqual(['email', 'company', 'company_size', 'role', 'consent']);
    expect(await field(page, 'email').inputValue()).toBe('');
    await expect.poll(() => profileIn(page)).toEqual({});
    await page.reload();
    expect(await shown(page)).toEqual(['email', 'company', 'company_size', 'role', 'consent']);
    expect(await page.locator('#host').getByRole('button', { name: 'Not you?' }).count()).toBe(0);

    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
    expect(diagnostics.console.filter((l) => /^\[(error|warning)\]/.test(l))).toEqual([]);
  });

  it('forget in one tab restarts a form showing remembered values in another tab', async (context) => {
    const open = visitor(context);
    const a = await open('/demo');
    await answerDemo(a.page, 'ada@initech.test');
    await expect.poll(async () => Object.keys(await profileIn(a.page)).length).toBe(4);
    const b = await open('/pricing');
    expect(await shown(b.page)).toEqual(['email', 'seats', 'industry', 'country', 'phone', 'consent']);
    await a.page.evaluate(() => (window as any).Cairn.forget());
    // heard at once by a tab whose runtime is there; one whose runtime still waits for idle time (≤ 2 s) reads the store when it connects
    await expect.poll(() => shown(b.page), { timeout: 5_000 }).toEqual(['email', 'seats', 'company', 'size', 'role', 'consent']);
    expect(await field(b.page, 'email').inputValue()).toBe('');
  });

  it('an open form picks up what another tab stores: the fields it has not shown yet are no longer asked', async (context) => {
    const open = visitor(context);
    const b = await open('/sync');
    expect(await shown(b.page)).toEqual(['email']);
    await field(b.page, 'email').fill('ada@initech.test');
    // meanwhile, in another tab, the visitor answers the demo form
    const a = await open('/demo');
    await answerDemo(a.page, 'ada@initech.test');
    // company, size and role are known now: the second step has nothing left to ask, so the first is the last
    await expect.poll(() => b.page.locator('#host').getByRole('button', { name: 'Submit' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await field(b.page, 'email').inputValue()).toBe('ada@initech.test');
    await submit(b.page);
    await thanks(b.page);
    const lead = await leadFrom('sync');
    expect(lead.answers).toEqual({ email: 'ada@initech.test' });
    expect(lead.profile).toMatchObject({
      company: { value: 'Initech', source: { form: 'demo' } },
      company_size: { value: '50-999', source: { form: 'demo' } },
      role: { value: 'Engineering', source: { form: 'demo' } },
    });
  });

  it('Cairn.mount(…, { profile }) : what the host knows counts as known (source "mount") and the field is not asked', async (context) => {
    const open = visitor(context);
    const { page } = await open('/blank');
    await page.evaluate(() => (window as any).Cairn.mount('#host', '/test-forms/demo.json', { profile: { company: 'Host Corp', email: 'host@corp.test' } }));
    expect(await shown(page)).toEqual(['email', 'company_size', 'role', 'industry', 'consent']);
    expect(await field(page, 'email').inputValue()).toBe('host@corp.test');
    await field(page, 'company_size').selectOption('1-49');
    await field(page, 'consent').check();
    await submit(page);
    await thanks(page);
    const lead = await leadFrom('demo', 'host@corp.test');
    expect(lead.profile.company).toMatchObject({ value: 'Host Corp', source: { form: 'mount', page: `${server.url}/blank` } });
    expect(lead.answers).not.toHaveProperty('company');
  });

  it('the example site: the pricing page asks what the demo request did not, and its panel shows and forgets what is remembered', async (context) => {
    const open = visitor(context);
    const home = await open('/');
    const form = home.page.locator('.panel__form');
    // First visit: the demo request as it always was (the pool's last two fields wait).
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Lovelace');
    await form.getByLabel('Work email').fill('ada@engines.example');
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('textbox', { name: 'Company', exact: true }).fill('Analytical Engines Ltd');
    await form.getByLabel('Company size').selectOption('50-199');
    await form.getByLabel('Job title').fill('Head of Data');
    await form.getByLabel('Country').selectOption('GB');
    expect(await form.getByLabel('Industry').count()).toBe(0);
    await form.getByLabel(/I agree that Northwind may contact me/).check();
    await form.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => form.getByText("Thanks, we'll be in touch!").isVisible()).toBe(true);
    await leadFrom('demo-request', 'ada@engines.example');
    await expect.poll(async () => Object.keys(await profileIn(home.page)).sort()).toEqual(['company', 'company_size', 'country', 'email', 'first_name', 'job_title', 'last_name']);

    const pricing = await open('/pricing.html');
    const quote = pricing.page.locator('.panel__form');
    await quote.getByLabel('Work email').waitFor();
    const names = await pricing.page.evaluate(() => [
      ...new Set([...document.querySelector('.panel__form')!.shadowRoot!.querySelectorAll<HTMLInputElement>('form [name]')].map((e) => e.name)),
    ]);
    expect(names).toEqual(['email', 'plan', 'industry', 'data_warehouse', 'seats', 'consent']);
    // The panel lists what is remembered (text only).
    await expect.poll(() => pricing.page.locator('#remember').isVisible()).toBe(true);
    expect(await pricing.page.locator('#remember-list').textContent()).toContain('Analytical Engines Ltd');

    await quote.getByLabel('Business').check();
    await quote.getByLabel('Industry').selectOption('software');
    await quote.getByLabel('Which data warehouse do you use?').selectOption('snowflake');
    await quote.getByLabel('How many analysts will use Northwind?').fill('12');
    await quote.getByLabel(/I agree that Northwind may contact me/).check();
    await quote.getByRole('button', { name: 'Get my quote' }).click();
    const lead = await leadFrom('pricing', 'ada@engines.example');
    expect(lead.profile).toMatchObject({
      company: { value: 'Analytical Engines Ltd', source: { form: 'demo-request' } },
      job_title: { value: 'Head of Data', source: { form: 'demo-request' } },
      industry: { value: 'software', source: { form: 'pricing' } },
    });
    await expect.poll(() => pricing.page.locator('#remember-list').textContent()).toContain('snowflake');

    await pricing.page.locator('#remember-forget').click();
    await expect.poll(() => pricing.page.locator('#remember').isVisible()).toBe(false);
    expect(await profileIn(pricing.page)).toEqual({});
    for (const { page, diagnostics } of [home, pricing]) {
      expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
      expect(diagnostics.console.filter((l) => /^\[(error|warning)\]/.test(l))).toEqual([]);
    }
  });
});
