// Deploying the script tag the ways sites do (#12): cairn.js on a CDN (another origin) with its
// chunks beside it, with or without CORS on them, without cairn-later.js, served with the wrong
// MIME type, or with the chunks somewhere else (`data-cairn-base`). A working deploy delivers a
// lead with every chunk from the CDN; a broken one is named at once — an `error` event naming the
// file and the fix before the visitor types anything, and the form replaced by a notice (it could
// never send) — so no visitor fills in a form whose lead cannot leave.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { createLeadReceiver } from '../../../scripts/browser/fault-server.js';
import { startTestServer, testPage, type Route, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot, form } from './delivery-helpers.js';

let browser: Browser;
let embed: ReturnType<typeof embedSnapshot>;

beforeAll(async () => {
  embed = embedSnapshot();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const CORS = { 'Access-Control-Allow-Origin': '*' };

/** The embed's files under `prefix`, each changed by `change` (or left out when it returns null). */
function cdnFiles(prefix: string, change: (file: string, route: Route) => Route | null = (_file, route) => route): Record<string, Route> {
  const files: Record<string, Route> = {};
  for (const [path, route] of Object.entries(embed)) {
    const changed = change(path.slice(1), route);
    if (changed) files[prefix + path] = changed;
  }
  return files;
}

/** Before any page script: every `cairn:*` event (type, and for errors kind, url and message) in `window.__events`. */
const recordEvents = (page: Page) =>
  page.addInitScript(() => {
    const seen: unknown[] = [];
    Object.defineProperty(window, '__events', { value: seen });
    for (const type of ['ready', 'error', 'submit', 'queued', 'delivered'])
      document.addEventListener('cairn:' + type, (e) => {
        const d = (e as CustomEvent).detail;
        seen.push(type == 'error' ? { type, kind: d.kind, url: d.url, message: d.message } : { type });
      });
  });

const events = (page: Page): Promise<{ type: string; kind?: string; url?: string; message?: string }[]> => page.evaluate(() => (window as any).__events);

/**
 * The site (a page with one form posting to its own /leads) and the CDN (another origin), with
 * `cdn` as its files; `scriptAttributes(cdnUrl)` go on the script tag. Everything is closed by `run`.
 */
async function deploy(
  cdn: (prefix: string) => Record<string, Route>,
  run: (page: Page, at: { site: TestServer; cdn: TestServer; receiver: ReturnType<typeof createLeadReceiver> }) => Promise<void>,
  scriptAttributes = (_cdn: string) => '',
  /** The host page's own markup, before the form. */
  hostMarkup = '',
) {
  const receiver = createLeadReceiver();
  const servers: TestServer[] = [];
  const context = await browser.newContext();
  try {
    const cdnServer = await startTestServer({ ...cdn('/cairn/0.1'), '/favicon.ico': { status: 204, body: '' } });
    servers.push(cdnServer);
    const page = `${hostMarkup}<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(form('host', '/leads'))}</script></div>`;
    const site = await startTestServer({
      // The site itself serves no Cairn file at all: a request for one at its origin is a bug.
      ...Object.fromEntries(Object.keys(embed).map((path) => [path, { status: 500, body: 'not here' }])),
      '/': { body: testPage(page, { script: false, head: `<script src="${cdnServer.url}/cairn/0.1/cairn.js" ${scriptAttributes(cdnServer.url)} defer></script>` }) },
      '/leads': receiver.handler,
      '/favicon.ico': { status: 204, body: '' },
    });
    servers.push(site);
    const tab = await context.newPage();
    await recordEvents(tab);
    await watchPageErrors(tab);
    await tab.goto(site.url + '/');
    await run(tab, { site, cdn: cdnServer, receiver });
    expect(await readWatch(tab)).toMatchObject({ errors: [], rejections: [] });
  } finally {
    await context.close();
    for (const server of servers) await server.close();
    await receiver.close();
  }
}

/** The form's text as the visitor reads it. */
const shown = (page: Page) => page.evaluate(() => document.getElementById('host')?.shadowRoot?.textContent ?? '');

/** A deploy mistake: before any input, one `error` naming the file and `why`; no `ready`; the visitor is told the form is not there. */
async function namedAtOnce(page: Page, cdn: TestServer, why: RegExp) {
  await expect.poll(async () => (await events(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['error']);
  const [error] = await events(page);
  expect(error).toMatchObject({ kind: 'load', url: `${cdn.url}/cairn/0.1/cairn-later.js` });
  expect(error!.message).toContain(`${cdn.url}/cairn/0.1/cairn-later.js`);
  expect(error!.message).toMatch(why);
  // On 127.0.0.1 the details are shown (dev defaults on for a developer's machine); no field is left to fill in.
  await expect.poll(() => shown(page)).toContain('Cairn could not show this form');
  expect(await page.locator('#host').getByLabel('Email').count()).toBe(0);
  await page.waitForTimeout(300);
  expect((await events(page)).map((e) => e.type)).toEqual(['error']);
}

describe('cairn.js from a CDN', () => {
  it('with CORS on its chunks: ready, and a lead delivered, every chunk from the CDN and none from the site', async () => {
    await deploy(
      (prefix) => cdnFiles(prefix, (_file, route) => ({ ...route, headers: CORS })),
      async (page, { site, cdn, receiver }) => {
        await expect.poll(async () => (await events(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['ready']);
        await page.locator('#host').getByLabel('Email').fill('cdn@example.test');
        await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
        await expect.poll(() => receiver.stored.size, { timeout: 15_000 }).toBe(1);
        expect([...receiver.stored.values()][0]!.lead.answers).toEqual({ email: 'cdn@example.test' });
        expect(cdn.requests.map((r) => r.path).filter((p) => p.endsWith('.js')).sort()).toEqual(['/cairn/0.1/cairn-later.js', '/cairn/0.1/cairn-page-engine.js', '/cairn/0.1/cairn.js']);
        expect(site.requests.filter((r) => r.path.endsWith('.js'))).toEqual([]);
      },
    );
  });

  it('host markup cannot choose where the chunks come from: <img name="currentScript"> (DOM clobbering) is ignored', async () => {
    // What the clobbered base would load: the real chunks, from an origin that is not Cairn's.
    const elsewhere = await startTestServer({ ...cdnFiles('', (_file, route) => ({ ...route, headers: CORS })), '/x.png': { status: 404, body: '' } });
    try {
      await deploy(
        (prefix) => cdnFiles(prefix, (_file, route) => ({ ...route, headers: CORS })),
        async (page, { cdn, receiver }) => {
          expect(await page.evaluate(() => (document as any).currentScript?.tagName), 'the page really is clobbered').toBe('IMG');
          await expect.poll(async () => (await events(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['ready']);
          await page.locator('#host').getByLabel('Email').fill('clobber@example.test');
          await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
          await expect.poll(() => receiver.stored.size, { timeout: 15_000 }).toBe(1);
          expect(cdn.requests.map((r) => r.path).filter((p) => p.endsWith('.js')).sort()).toEqual(['/cairn/0.1/cairn-later.js', '/cairn/0.1/cairn-page-engine.js', '/cairn/0.1/cairn.js']);
          expect(elsewhere.requests.filter((r) => r.path.endsWith('.js'))).toEqual([]);
        },
        undefined,
        `<img name="currentScript" src="${elsewhere.url}/x.png" alt="">`,
      );
    } finally {
      await elsewhere.close();
    }
  });

  it('without CORS on its chunks: an error naming the file and Access-Control-Allow-Origin, before any input', async () => {
    await deploy(
      (prefix) => cdnFiles(prefix),
      (page, { cdn }) => namedAtOnce(page, cdn, /Access-Control-Allow-Origin/),
    );
  });

  it('without cairn-later.js: an error naming the file and the 404, before any input', async () => {
    await deploy(
      // (a CDN that allows CORS does so on its 404s too)
      (prefix) => cdnFiles(prefix, (file, route) => (file == 'cairn-later.js' ? { status: 404, type: 'text/plain', body: 'Not Found', headers: CORS } : { ...route, headers: CORS })),
      (page, { cdn }) => namedAtOnce(page, cdn, /HTTP 404/),
    );
  });

  it('with cairn-later.js served as text/plain: an error naming the MIME type, before any input', async () => {
    await deploy(
      (prefix) => cdnFiles(prefix, (file, route) => ({ ...route, headers: CORS, ...(file == 'cairn-later.js' ? { type: 'text/plain' } : {}) })),
      (page, { cdn }) => namedAtOnce(page, cdn, /served as text\/plain/),
    );
  });

  it('data-cairn-dev="false" on the script tag: the visitor sees a short notice; the error event and the console still name the file', async () => {
    await deploy(
      (prefix) => cdnFiles(prefix),
      async (page, { cdn }) => {
        const errors: string[] = [];
        page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
        await expect.poll(async () => (await events(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['error']);
        expect((await events(page))[0]!.message).toMatch(/cairn-later\.js: .*Access-Control-Allow-Origin/);
        await expect.poll(() => shown(page)).toBe('This form is not available right now.');
        expect(errors.some((line) => line.includes(`${cdn.url}/cairn/0.1/cairn-later.js`))).toBe(true);
      },
      () => 'data-cairn-dev="false"',
    );
  });

  it('data-cairn-base: the chunks come from there, not from beside cairn.js', async () => {
    await deploy(
      (prefix) => ({ [prefix + '/cairn.js']: embed['/cairn.js']!, ...cdnFiles('/elsewhere', (_file, route) => ({ ...route, headers: CORS })) }),
      async (page, { cdn, receiver }) => {
        await expect.poll(async () => (await events(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['ready']);
        await page.locator('#host').getByLabel('Email').fill('base@example.test');
        await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
        await expect.poll(() => receiver.stored.size, { timeout: 15_000 }).toBe(1);
        expect(cdn.requests.map((r) => r.path).filter((p) => p.includes('cairn-'))).toEqual(['/elsewhere/cairn-later.js', '/elsewhere/cairn-page-engine.js']);
      },
      // (no trailing slash: the base is a folder either way)
      (cdn) => `data-cairn-base="${cdn}/elsewhere"`,
    );
  });
});
