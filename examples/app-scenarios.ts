// The React and Vue examples in Chromium, as their developers would ship them: built with Vite
// (client and server renderer), served by their server.mjs (each page rendered on the server,
// then hydrated), the lead receiver on another origin. Two forms on one page, client-side route
// changes, the consent banner, progressive profiling across routes, the app's own radio
// component. Both apps show the same pages: one scenario, run against each.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../scripts/browser/chromium.js';
import { startReceiver } from './receiver/src/receiver.js';
import { axeViolations } from '../scripts/browser/axe.js';

interface AppServer {
  url: string;
  close(): Promise<void>;
}

/**
 * @param name how the tests are titled
 * @param root the app's folder (its vite.config.ts)
 * @param ssrEntry its server renderer, built to dist/server
 * @param start its server.mjs
 */
export function describeNorthwindApp(name: string, root: string, ssrEntry: string, start: (o: { port: number; receiverUrl: string }) => Promise<AppServer>) {
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let app: AppServer;
  let dir: string;

  beforeAll(async () => {
    // The frameworks' development builds: the ones that warn about a hydration mismatch
    // (production only recovers from one) and, in React, run StrictMode's mount → unmount → mount.
    const common = { root, configFile: join(root, 'vite.config.ts'), logLevel: 'error' as const, define: { 'process.env.NODE_ENV': '"development"' } };
    await build(common);
    await build({ ...common, build: { ssr: ssrEntry, outDir: 'dist/server' } });
    dir = await mkdtemp(join(tmpdir(), 'cairn-app-'));
    receiver = await startReceiver({ port: 0, file: join(dir, 'leads.jsonl') });
    app = await start({ port: 0, receiverUrl: receiver.url });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A fresh visitor (own context: no stored profile) on `path`, with errors recorded. */
  async function visit(context: TestContext, path = '/') {
    const opened = await openPage(browser, { extra: () => ['receiver log:', ...receiver.log] });
    context.onTestFailed(() => console.log(opened.diagnostics.dump()));
    context.onTestFinished(() => opened.context.close());
    opened.page.setDefaultTimeout(10_000);
    await watchPageErrors(opened.page);
    await opened.page.goto(app.url + path);
    return opened;
  }

  /** The event log lines the app shows. */
  const events = (page: Page) => page.getByRole('list', { name: 'Form events' }).locator('li').allTextContents();
  const count = async (page: Page, line: string) => (await events(page)).filter((l) => l === line).length;
  const leadsFor = (email: string, form: string) => receiver.leads().filter((s) => (s.lead.answers as Record<string, unknown>)?.email === email && (s.lead.form as { id: string }).id === form);

  async function requestDemo(page: Page, email: string) {
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Work email').fill(email);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Initech');
    await page.getByLabel('Company size').selectOption('200-999');
    await page.getByLabel('Job title').fill('Head of Data');
    await page.getByLabel('Country').selectOption('GB');
    await page.getByLabel(/I agree that Northwind may contact me/).check();
    await page.getByRole('button', { name: 'Request my demo' }).click();
  }

  /** No uncaught error, rejection, console error or warning (a hydration mismatch is one). */
  async function expectClean(page: Page, console: string[]) {
    expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
    expect(console.filter((line) => /^\[(error|warning)\]/.test(line))).toEqual([]);
  }

  describe(`${name} (built, server-rendered, hydrated)`, () => {
    it('the server renders the page with empty form placeholders; the browser hydrates it without a mismatch', async (context) => {
      const html = await (await fetch(`${app.url}/`)).text();
      expect(html).toContain('Analytics your whole company can trust');
      expect(html.match(/<div data-cairn-form-host(="")?>\s*<\/div>/g)).toHaveLength(2);
      const { page, diagnostics } = await visit(context);
      await expect.poll(() => page.getByLabel('Work email').isVisible()).toBe(true);
      await expect.poll(() => page.getByRole('textbox', { name: 'Email', exact: true }).isVisible()).toBe(true);
      // hydrated: the server's nodes are live (a client-rendered tree would have replaced them)
      await page.getByRole('link', { name: 'Pricing' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Pricing' }).isVisible()).toBe(true);
      await expectClean(page, diagnostics.console);
    });

    it("axe-core: no violation on the page with both forms, with the demo form's errors, and after its delivery", async (context) => {
      const { page } = await visit(context);
      await expect.poll(() => page.getByLabel('Work email').isVisible()).toBe(true);
      const found: Record<string, string[]> = { page: await axeViolations(page) };
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(/Work email: /).waitFor({ state: 'attached' });
      found.errors = await axeViolations(page);
      await requestDemo(page, 'axe@initech.example');
      await expect.poll(() => events(page)).toContain('delivered demo-request');
      found.delivered = await axeViolations(page);
      expect(found).toEqual({ page: [], errors: [], delivered: [] });
    });

    it('two forms on one page: submitting one delivers it once, with its score and profile; the other sends nothing', async (context) => {
      const { page, diagnostics } = await visit(context);
      const email = 'ada@initech.example';
      await expect.poll(() => page.getByRole('textbox', { name: 'Email', exact: true }).isVisible()).toBe(true);
      await requestDemo(page, email);
      await expect.poll(() => leadsFor(email, 'demo-request').length).toBe(1);
      await expect.poll(() => events(page)).toContain('delivered demo-request');

      const lead = leadsFor(email, 'demo-request')[0]!.lead as Record<string, any>;
      expect(lead.answers).toMatchObject({ email, company: 'Initech', company_size: '200-999', job_title: 'Head of Data' });
      expect(lead.score.fit).toBeGreaterThan(0);
      expect(lead.score.reasons.map((r: { rule: string }) => r.rule)).toEqual(expect.arrayContaining(['mid-market-size', 'senior-title']));
      expect(lead.profile.email.value).toBe(email);
      expect(lead.profile.company.value).toBe('Initech');

      // nothing else arrives: no second copy, nothing from the newsletter form
      await page.waitForTimeout(500);
      expect(receiver.leads().filter((s) => (s.lead.answers as Record<string, unknown>)?.email === email)).toHaveLength(1);
      expect(await count(page, 'ready demo-request')).toBe(1);
      expect(await count(page, 'ready newsletter')).toBe(1);
      expect(await events(page)).not.toContain('submit newsletter');
      await expectClean(page, diagnostics.console);
    });

    it('route changes: away and back remounts each form once; with consent, the pricing form skips what the demo form learned', async (context) => {
      const { page, diagnostics } = await visit(context);
      const email = 'grace@initech.example';
      await page.getByRole('button', { name: 'Yes, remember me' }).click();
      await requestDemo(page, email);
      await expect.poll(() => leadsFor(email, 'demo-request').length).toBe(1);

      // a client-side route change: the same document (the marker survives)
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
      await page.getByRole('link', { name: 'Pricing' }).click();
      await expect.poll(() => page.getByLabel('Work email').inputValue()).toBe(email);
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
      // known from the demo form: not asked again
      for (const known of ['Company', 'Company size', 'Job title', 'Country']) expect(await page.getByLabel(known, { exact: true }).count()).toBe(0);

      // the app's own radio cards: an unanswered required one takes focus and shows the error
      await page.getByRole('button', { name: 'Get my quote' }).click();
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
      await expect.poll(() => page.locator('.choice-cards-error').textContent()).toBeTruthy();
      await page.getByLabel('Business').check();
      await page.getByLabel('How many analysts will use Northwind?').fill('40');
      await page.getByLabel(/I agree that Northwind may contact me/).check();
      await page.getByRole('button', { name: 'Get my quote' }).click();
      await expect.poll(() => leadsFor(email, 'pricing').length).toBe(1);
      const quote = leadsFor(email, 'pricing')[0]!.lead as Record<string, any>;
      expect(quote.answers).toMatchObject({ email, plan: 'business', seats: 40 });
      expect(quote.profile.company.value).toBe('Initech');

      // back and forth: one new mount per visit of a route, never two
      await page.getByRole('link', { name: 'Home' }).click();
      await expect.poll(() => count(page, 'ready demo-request')).toBe(2);
      await page.goBack();
      await expect.poll(() => count(page, 'ready pricing')).toBe(2);
      await page.waitForTimeout(300);
      expect(await count(page, 'ready demo-request')).toBe(2);
      expect(await count(page, 'ready newsletter')).toBe(2);
      expect(await count(page, 'ready pricing')).toBe(2);
      expect(await page.locator('[data-cairn-form-host]').count()).toBe(1);
      await expectClean(page, diagnostics.console);
    });

    it('"No thanks": nothing is remembered, a reload asks everything again', async (context) => {
      const { page, diagnostics } = await visit(context);
      const email = 'linus@initech.example';
      await page.getByRole('button', { name: 'No thanks' }).click();
      await requestDemo(page, email);
      await expect.poll(() => leadsFor(email, 'demo-request').length).toBe(1);
      await page.goto(`${app.url}/pricing`);
      await expect.poll(() => page.getByLabel('Work email').isVisible()).toBe(true);
      expect(await page.getByLabel('Work email').inputValue()).toBe('');
      expect(await page.getByRole('textbox', { name: 'Company', exact: true }).count()).toBe(1);
      expect(await page.getByRole('region', { name: 'Remembering your answers' }).count()).toBe(0);
      await expectClean(page, diagnostics.console);
    });
  });
}
