// Scoring through the script tag, in Chromium, end to end: a visitor's behaviour across pages of
// one site (page views, a whitepaper click) is tracked by cairn.js, the form scores the lead
// live (a "book a meeting" step only for MQLs) and sends the provisional score with every reason;
// the example receiver (examples/receiver) re-scores every lead with @cairn/core and flags a
// lead whose score was edited. Every page of a journey is a page of one browser context: one
// visitor, one IndexedDB.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, watchPageErrors, readWatch } from '../../../scripts/browser/chromium.js';
import { ensureEmbedBuilt, startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { startReceiver } from '../../../examples/receiver/src/receiver.js';
import { behaviourRecord } from './delivery-helpers.js';

type Reason = { rule: string; dimension: string; points: number; fact: string; value: unknown };
type Score = { fit: number; intent: number; grade: string; stage: string; route: string | null; priority: string | null; respondWithinMinutes: number | null; reasons: Reason[] };
type Lead = { id: string; submittedAt: string; answers: Record<string, unknown>; score: Score; context: Record<string, any> };
type Stored = { lead: Lead; rescore?: { matches: boolean; fit: number; stage: string; differences: { key: string; client: unknown; server: unknown }[]; error?: string } };
type Receiver = { url: string; leads(): Stored[]; log: string[]; close(): Promise<void> };

const FORM = {
  id: 'demo',
  version: 1,
  title: 'Book a demo',
  steps: [
    {
      id: 'you',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'company_size', type: 'select', label: 'Company size', options: ['1-49', '50-999', '1000+'], required: true },
      ],
    },
    // only for qualified leads: the live score reveals it
    { id: 'meeting', title: 'Meet our team', when: { score: 'stage', equals: 'mql' }, fields: [{ id: 'slot', type: 'text', label: 'When suits you?' }] },
  ],
  submit: { endpoint: '' }, // the receiver's, set below
  signals: { pages: { pricing: '/pricing*' } },
  scoring: {
    fit: [
      { id: 'enterprise-size', when: { field: 'company_size', equals: '1000+' }, points: 40, reason: 'Company of 1,000+ employees' },
      { id: 'business-email', when: { email: 'business' }, points: 20, reason: 'Business email address' },
      { id: 'free-email', when: { email: 'free' }, points: -25, reason: 'Free-mail address' },
    ],
    intent: [
      { id: 'pricing-twice', when: { signal: 'pricing.views', gte: 2 }, points: 30, reason: 'Viewed pricing twice or more' },
      { id: 'whitepaper', when: { signal: 'whitepaper-download.count', gte: 1 }, points: 20, reason: 'Downloaded the whitepaper' },
    ],
    stages: { mql: { fit: 50, intent: 40 } },
    routes: [
      { when: { all: [{ score: 'stage', equals: 'mql' }, { field: 'company_size', equals: '1000+' }] }, route: 'enterprise', priority: 'high', respondWithinMinutes: 60 },
      { route: 'nurture', priority: 'low' },
    ],
  },
  after: [
    { when: { score: 'stage', equals: 'mql' }, title: 'Pick a time with our team', booking: { url: 'https://cal.example.com/northwind/demo', params: { email: 'email' } } },
    { title: 'Thank you!' },
  ],
};

let browser: Browser;
let server: TestServer;
let receiver: Receiver;
let dir: string;

beforeAll(async () => {
  ensureEmbedBuilt();
  dir = await mkdtemp(join(tmpdir(), 'cairn-scoring-'));
  // the receiver scores with the same config (where it is posted to makes no difference)
  receiver = (await startReceiver({ port: 0, file: join(dir, 'leads.jsonl'), forms: [{ ...FORM, submit: { endpoint: 'https://receiver.test/leads' } }] })) as unknown as Receiver;
  const form = { ...FORM, submit: { endpoint: `${receiver.url}/leads` } };
  server = await startTestServer({
    // the form's page: its config declares the page groups, stored with the visitor's record
    '/': { body: testPage('<main><div id="host" data-cairn-form="/forms/demo.json"></div></main>') },
    // pages without a form: they add to the record the form's page created
    '/pricing': { body: testPage('<main><h1>Pricing</h1></main>') },
    '/resources': {
      body: testPage('<main><a id="paper" href="/whitepaper.pdf" target="_blank" data-cairn-signal="whitepaper-download"><span>Download the whitepaper</span></a></main>'),
    },
    '/whitepaper.pdf': { body: '%PDF-1.4', type: 'application/pdf' },
    '/forms/demo.json': { body: JSON.stringify(form), type: 'application/json' },
    '/favicon.ico': { status: 204, body: '' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const record = behaviourRecord;

/** One visitor (a browser context), closed when the test ends. */
function visitor(context: TestContext) {
  let ctx: BrowserContext | undefined;
  const logs: string[] = [];
  context.onTestFailed(() => console.log([...logs, '--- receiver', ...receiver.log].join('\n')));
  context.onTestFinished(() => ctx?.close());
  return async (path: string): Promise<Page> => {
    ctx ??= await browser.newContext();
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => logs.push(`[${path} ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[${path} uncaught] ${e.stack ?? e}`));
    await watchPageErrors(page);
    await page.goto(server.url + path);
    return page;
  };
}

/** Waits until the stored record has counted `views` page views (the tracker runs once cairn-later.js is loaded). */
const viewed = (page: Page, views: number) => expect.poll(async () => (await record(page))?.signals.pages.n, { timeout: 10_000 }).toBe(views);

/**
 * The journey of the issue: the form's page, /pricing twice, the whitepaper downloaded from
 * /resources, back to the form, which is filled in with `email` and a company of 1,000+.
 */
async function journey(context: TestContext, email: string) {
  const open = visitor(context);
  const home = await open('/?utm_source=linkedin&utm_campaign=q4-launch');
  await home.locator('#host [name="email"]').waitFor();
  await viewed(home, 1);
  await home.close();
  for (const views of [2, 3]) {
    const pricing = await open('/pricing');
    await viewed(pricing, views);
    await pricing.close();
  }
  const resources = await open('/resources');
  await viewed(resources, 4);
  const popup = resources.context().waitForEvent('page');
  await resources.locator('#paper span').click();
  await (await popup).close();
  await expect.poll(async () => (await record(resources))?.signals.events['whitepaper-download']?.n, { timeout: 10_000 }).toBe(1);
  expect((await readWatch(resources)).errors).toEqual([]);
  await resources.close();

  const page = await open('/');
  await page.locator('#host [name="email"]').fill(email);
  await page.locator('#host [name="company_size"]').selectOption('1000+');
  return page;
}

const received = async (email: string): Promise<Stored> => {
  const find = () => receiver.leads().find((s) => s.lead.answers.email == email);
  await expect.poll(find, { timeout: 10_000 }).toBeTruthy();
  return find()!;
};

describe('scoring through the script tag', () => {
  it('a business visitor who viewed pricing twice and downloaded the whitepaper is an MQL for the enterprise team', async (context) => {
    const page = await journey(context, 'ada@northwind-customer.com');
    // the live score: qualified, so the "meet our team" step appears
    const next = page.locator('#host').getByRole('button', { name: 'Next' });
    await next.click();
    await page.locator('#host [name="slot"]').fill('Tuesday morning');
    await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('#host').getByText('Pick a time with our team').isVisible(), { timeout: 10_000 }).toBe(true);
    const booking = await page.locator('#host').getByRole('link', { name: 'Book a meeting' }).getAttribute('href');
    expect(booking).toBe('https://cal.example.com/northwind/demo?email=ada%40northwind-customer.com');

    const { lead, rescore } = await received('ada@northwind-customer.com');
    expect(lead.score).toMatchObject({
      fit: 60,
      intent: 50,
      grade: 'B2',
      stage: 'mql',
      route: 'enterprise',
      priority: 'high',
      respondWithinMinutes: 60,
      provisional: true,
    });
    expect(lead.score.reasons.map((r) => [r.rule, r.dimension, r.points, r.fact])).toEqual([
      ['business-email', 'fit', 20, 'email:business'],
      ['enterprise-size', 'fit', 40, 'field:company_size'],
      ['pricing-twice', 'intent', 30, 'signal:pricing.views'],
      ['whitepaper', 'intent', 20, 'signal:whitepaper-download.count'],
    ]);
    // the facts the score was made from travel with it
    expect(lead.context.signals.groups.pricing.n).toBe(2);
    expect(lead.context.signals.pages.n).toBe(5);
    expect(lead.context.visits).toBe(1);
    expect(lead.context.firstTouch).toMatchObject({ utm: { source: 'linkedin', campaign: 'q4-launch' }, landing: `${server.url}/` });
    expect(lead.context.touchpoints).toHaveLength(1);
    // the receiver re-scored it with @cairn/core: the same, to the reason
    expect(rescore).toMatchObject({ matches: true, differences: [], fit: 60, stage: 'mql' });
  });

  it('the same visitor with a free-mail address gets the negative fit reason, and no meeting step', async (context) => {
    const page = await journey(context, 'ada.lovelace@gmail.com');
    // not qualified: the form has one step, so its button submits
    await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('#host').getByText('Thank you!').isVisible(), { timeout: 10_000 }).toBe(true);

    const { lead, rescore } = await received('ada.lovelace@gmail.com');
    expect(lead.score).toMatchObject({ fit: 15, intent: 50, grade: 'D2', stage: 'lead', route: 'nurture', priority: 'low' });
    expect(lead.score.reasons.find((r) => r.rule == 'free-email')).toMatchObject({ dimension: 'fit', points: -25, fact: 'email:free', value: true });
    expect(rescore).toMatchObject({ matches: true });

    // someone edits that lead to look like a hot one and posts it: the receiver flags it
    const edited = { ...lead, id: `${lead.id}-edited`, score: { ...lead.score, fit: 60, grade: 'B2', stage: 'mql', route: 'enterprise', priority: 'high' } };
    const response = await fetch(`${receiver.url}/leads`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(edited) });
    expect(response.status).toBe(201);
    const flagged = receiver.leads().find((s) => s.lead.id == edited.id)!;
    expect(flagged.rescore).toMatchObject({ matches: false, fit: 15, stage: 'lead' });
    expect(flagged.rescore!.differences.map((d) => d.key)).toEqual(['fit', 'grade', 'stage', 'route', 'priority']);
    const html = await (await fetch(`${receiver.url}/leads`)).text();
    expect(html).toContain('⚠ score mismatch');
    expect(html).toContain('stage mql (re-scored: lead)');
  });
});
