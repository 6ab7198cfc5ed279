// A page whose `window.Cairn` is already something (issue 14): markup (`<div id="Cairn">`,
// `<form name="Cairn">`) used to keep Cairn from starting, silently. Now markup gives way to the
// API; a script's own `Cairn` object is kept, the console says so, and the page's forms still
// mount. Nothing is thrown into the page either way. Markup named `cairn-form`, or `referrer`
// (which shadows `document.referrer`: the lead then held an element and could not be stored),
// changes nothing either.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { ensureEmbedBuilt, startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';

const FORM = { id: 'clash', version: 1, steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email' }] }], submit: { endpoint: '/leads' } };
const form = `<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(FORM)}</script></div>`;

let browser: Browser;
let server: TestServer;
const leads: string[] = [];

beforeAll(async () => {
  ensureEmbedBuilt();
  server = await startTestServer({
    '/div': { body: testPage(`<div id="Cairn">the page's own element</div>${form}`) },
    '/form': { body: testPage(`<form name="Cairn"></form>${form}`) },
    '/script': { body: testPage(form, { head: '<script>window.Cairn = { mine: true };</script>' }) },
    // markup named like Cairn's element and like a document property the lead reads
    '/named': { body: testPage(`<div id="cairn-form"></div><img name="cairn-form" alt=""><img name="referrer" alt=""><form name="cairn-form"></form>${form}`) },
    '/leads': (_req, res, body) => {
      leads.push(body);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{}');
    },
    '/favicon.ico': { status: 204, body: '' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const shows = (page: import('playwright-core').Page) => page.locator('#host').getByLabel('Email').isVisible();

describe('window.Cairn already taken', () => {
  it.each(['/div', '/form'])('by markup (%s): the API is defined and the form mounts', async (path) => {
    const { context, page, diagnostics } = await openPage(browser);
    try {
      await watchPageErrors(page);
      await page.goto(server.url + path);
      await expect.poll(() => shows(page)).toBe(true);
      expect(await page.evaluate(() => typeof (window as any).Cairn?.mount)).toBe('function');
      expect(diagnostics.consoleErrors).toEqual([]);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await context.close();
    }
  });

  it('markup named cairn-form, and <img name="referrer"> (which shadows document.referrer): the form mounts and its lead arrives with the real referrer', async () => {
    const { context, page, diagnostics } = await openPage(browser);
    try {
      await watchPageErrors(page);
      await page.goto(server.url + '/named', { referer: 'https://search.example/?q=forms' });
      await page.locator('#host').getByLabel('Email').fill('ada@northwind.example');
      await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
      await page.locator('#host').getByText('Thank you!').waitFor();
      await expect.poll(() => leads.length).toBe(1);
      expect(JSON.parse(leads[0]!).context.referrer).toBe('https://search.example/?q=forms');
      expect(diagnostics.consoleErrors).toEqual([]);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await context.close();
    }
  });

  it("by the page's own script: kept, a console error says so and where the API is, and the form still mounts", async () => {
    const { context, page, diagnostics } = await openPage(browser);
    try {
      await watchPageErrors(page);
      await page.goto(server.url + '/script');
      await expect.poll(() => shows(page)).toBe(true);
      expect(await page.evaluate(() => (window as any).Cairn)).toEqual({ mine: true });
      expect(diagnostics.consoleErrors).toEqual(["cairn.js: window.Cairn is this page’s own: its forms still mount, and Cairn's API is customElements.get('cairn-form').Cairn"]);
      // the API where the console says: it works (consent, mount)
      expect(
        await page.evaluate(async () => {
          const api = (customElements.get('cairn-form') as unknown as { Cairn: { version: string; consent(b: boolean): Promise<void>; mount: unknown } }).Cairn;
          await api.consent(true);
          return [typeof api.version, typeof api.mount];
        }),
      ).toEqual(['string', 'function']);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await context.close();
    }
  });
});
