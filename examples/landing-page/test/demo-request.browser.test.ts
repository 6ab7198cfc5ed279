// The demo, end to end in Chromium: the Northwind landing page (one script tag) on one
// origin, the lead receiver on another, the built cairn.js in between.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors, type Diagnostics } from '../../../scripts/browser/chromium.js';
import { ensureEmbedBuilt } from '../../../scripts/browser/servers.js';
import { startReceiver } from '../../receiver/src/receiver.js';
import { startLandingPage } from '../server.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTERPRISE_FIELDS = ['sso_required', 'procurement_timeline', 'seats'];

let browser: Browser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let site: Awaited<ReturnType<typeof startLandingPage>>;
let dir: string;

beforeAll(async () => {
  ensureEmbedBuilt();
  dir = await mkdtemp(join(tmpdir(), 'cairn-demo-'));
  receiver = await startReceiver({ port: 0, file: join(dir, 'leads.jsonl') });
  // Another port is another origin: the page posts cross-origin, as www → api would.
  site = await startLandingPage({ port: 0, receiverUrl: receiver.url });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(context: TestContext): Promise<{ page: Page; diagnostics: Diagnostics }> {
  const opened = await openPage(browser, { extra: () => [`receiver log:`, ...receiver.log] });
  context.onTestFailed(() => console.log(opened.diagnostics.dump()));
  context.onTestFinished(() => opened.context.close());
  opened.page.setDefaultTimeout(10_000);
  await watchPageErrors(opened.page);
  await opened.page.goto(`${site.url}/?utm_source=linkedin&utm_campaign=q4-launch`);
  return opened;
}

async function fillContact(page: Page, email: string) {
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Next' }).click();
}

async function fillCompany(page: Page, size: string) {
  await expect.poll(() => page.getByRole('heading', { name: 'Your company' }).isVisible()).toBe(true);
  await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Analytical Engines Ltd');
  await page.getByLabel('Company size').selectOption(size);
  await page.getByLabel('Job title').fill('Head of Data');
  await page.getByLabel('Country').selectOption('GB');
  await page.getByLabel(/I agree that Northwind may contact me/).check();
}

const emailOf = (stored: { lead: Record<string, unknown> }) => (stored.lead.answers as Record<string, unknown> | undefined)?.email;

async function storedLead(email: string) {
  await expect.poll(() => receiver.leads().filter((stored) => emailOf(stored) === email).length, { timeout: 10_000 }).toBe(1);
  return receiver.leads().find((stored) => emailOf(stored) === email)!;
}

describe('Northwind landing page (script tag → receiver on another origin)', () => {
  it('enterprise branch: a 5000+ company gets the enterprise step, and the receiver stores every answer with the UTM context', async (context) => {
    const { page, diagnostics } = await open(context);
    const email = 'ada.enterprise@analytical-engines.example';

    // The page itself has no script of its own: the form comes from the one script tag.
    await expect.poll(() => page.getByLabel('First name').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Enterprise rollout' }).count()).toBe(0);

    await fillContact(page, email);
    await fillCompany(page, '5000+');
    await page.getByRole('button', { name: 'Next' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'Enterprise rollout' }).isVisible()).toBe(true);
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('When do you plan to buy?').selectOption('next_quarter');
    await page.getByLabel('How many analysts will use Northwind?').fill('250');
    await page.getByRole('button', { name: 'Request my demo' }).click();

    await expect.poll(() => page.getByText("Thanks, we'll be in touch!").isVisible(), { timeout: 10_000 }).toBe(true);

    const stored = await storedLead(email);
    const lead = stored.lead as Record<string, any>;
    expect(lead.schema).toBe('cairn.lead/1');
    expect(lead.id).toMatch(UUID);
    expect(lead.form).toEqual({ id: 'demo-request', version: 1 });
    expect(lead.answers).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email,
      company: 'Analytical Engines Ltd',
      company_size: '5000+',
      job_title: 'Head of Data',
      country: 'GB',
      consent: true,
      sso_required: 'yes',
      procurement_timeline: 'next_quarter',
      seats: 250,
    });
    expect(lead.context.utm).toMatchObject({ source: 'linkedin', campaign: 'q4-launch' });
    expect(lead.context.page).toContain('utm_source=linkedin');
    expect(Date.parse(lead.submittedAt)).not.toBeNaN();
    // The browser sent the idempotency key as a header too, equal to the body id.
    expect(stored.idempotencyKey).toBe(lead.id);
    // Cross-origin: the receiver saw the page's origin (and answered its preflight).
    expect(stored.origin).toBe(site.url);
    expect(receiver.log.some((line) => line.startsWith('204 OPTIONS /leads'))).toBe(true);

    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
    // A clean console: no errors, no warnings (e.g. an unused preload).
    expect(diagnostics.console.filter((line) => /^\[(error|warning)\]/.test(line))).toEqual([]);
  });

  it('small-company branch: 50-199 never sees the enterprise step, and the lead carries no enterprise fields', async (context) => {
    const { page } = await open(context);
    const email = 'grace.smb@small-co.example';

    await fillContact(page, email);
    await fillCompany(page, '50-199');
    // Company is now the last visible step: the button submits.
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => page.getByText("Thanks, we'll be in touch!").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('heading', { name: 'Enterprise rollout' }).count()).toBe(0);

    const stored = await storedLead(email);
    const lead = stored.lead as Record<string, any>;
    expect(lead.answers).toMatchObject({ company_size: '50-199', consent: true, country: 'GB' });
    for (const field of ENTERPRISE_FIELDS) expect(lead.answers).not.toHaveProperty(field);
    expect(lead.context.utm).toMatchObject({ source: 'linkedin', campaign: 'q4-launch' });
    expect(lead.id).toMatch(UUID);
    expect(stored.idempotencyKey).toBe(lead.id);

    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
  });

  it('a visitor who picks 5000+, goes back and switches to 50-199 does not submit the enterprise answers', async (context) => {
    const { page } = await open(context);
    const email = 'switcher@example.org';

    await fillContact(page, email);
    await fillCompany(page, '1000-4999');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Enterprise rollout' }).isVisible()).toBe(true);
    await page.getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByLabel('Company size').selectOption('200-999');
    await page.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => page.getByText("Thanks, we'll be in touch!").isVisible(), { timeout: 10_000 }).toBe(true);

    const lead = (await storedLead(email)).lead as Record<string, any>;
    expect(lead.answers.company_size).toBe('200-999');
    for (const field of ENTERPRISE_FIELDS) expect(lead.answers).not.toHaveProperty(field);
  });
});
