// Page views counted when the visitor moves on quickly (issue 14: 8 views were counted as 5, 7,
// 8, 7 at 300, 700, 1,500, 3,000 ms a page): the page runtime records a page's view at idle time,
// so a page left sooner kept it nowhere. Now cairn.js keeps such a view for the next page's
// runtime (this tab's sessionStorage) — only where the page's forms may store. Chromium, the
// script tag, one visitor going through 8 pages with a form.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../../scripts/browser/chromium.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { behaviourRecord, embedSnapshot } from './delivery-helpers.js';

const PAGES = 8;

const formPage = (consent?: 'required') => {
  const config = {
    id: 'newsletter',
    version: 1,
    steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email' }] }],
    submit: { endpoint: '/leads' },
    signals: { pages: { docs: '/docs/*' } },
    ...(consent && { profiling: { consent } }),
  };
  return { body: testPage(`<main><h1>Docs</h1><div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(config)}</script></div></main>`) };
};

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  const routes: Record<string, ReturnType<typeof formPage>> = {};
  for (let i = 1; i <= PAGES; i++) {
    routes[`/docs/${i}`] = formPage();
    routes[`/consent/${i}`] = formPage('required');
  }
  server = await startTestServer({ ...embedSnapshot(), '/favicon.ico': { status: 204, body: '' }, ...routes });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const record = behaviourRecord;

/** Goes through `/<prefix>/1` … `/<prefix>/8`, each left `stay` ms after its form shows. */
async function browse(page: Page, prefix: string, stay: number) {
  for (let i = 1; i <= PAGES; i++) {
    await page.goto(`${server.url}/${prefix}/${i}`);
    await page.locator('#host').getByLabel('Email').waitFor();
    if (i < PAGES) await page.waitForTimeout(stay);
  }
}

describe('page views when the visitor moves on quickly (script tag, Chromium)', () => {
  it.each([0, 300])(`${PAGES} pages, each left %i ms after its form shows: ${PAGES} views, each in its page group, none twice`, async (stay) => {
    const { context, page } = await openPage(browser);
    try {
      await browse(page, 'docs', stay);
      await expect.poll(async () => (await record(page))?.signals.pages.n, { timeout: 10_000 }).toBe(PAGES);
      // and no view counted twice once everything settled
      await page.waitForTimeout(2_500);
      const stored = (await record(page))!;
      expect(stored.signals.pages.n).toBe(PAGES);
      expect(stored.signals.groups.docs!.n).toBe(PAGES);
      expect(await page.evaluate(() => sessionStorage.getItem('cairn-pending-views'))).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('forms that require consent, none given: nothing is kept anywhere (no sessionStorage, no database)', async () => {
    const { context, page } = await openPage(browser);
    try {
      await browse(page, 'consent', 0);
      await page.waitForTimeout(2_500);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(await record(page)).toBeUndefined();
    } finally {
      await context.close();
    }
  });
});
