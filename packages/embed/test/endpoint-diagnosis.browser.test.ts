// An endpoint the browser will not let the page reach, named at once (#12): a lead endpoint on
// another origin whose CORS preflight leaves out `Idempotency-Key`, or that sends no
// Access-Control-Allow-Origin at all. Before, the visitor saw "Thank you!", `queued` said
// "network error: Failed to fetch", and the lead was retried for 7 days without anyone knowing
// why. Now the first failed attempt is looked into (two HEAD requests, no lead sent): an `error`
// event and console.error name the endpoint, CORS and what to allow; the lead stays in the outbox
// and arrives once the endpoint is fixed. An endpoint answering 404 is named with its URL and status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot, form, thankYouShown } from './delivery-helpers.js';

let browser: Browser;
let embed: ReturnType<typeof embedSnapshot>;

beforeAll(async () => {
  embed = embedSnapshot();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** How the endpoint answers CORS: which request headers its preflight allows, or no CORS headers at all. */
interface Cors {
  allowHeaders?: string;
  none?: boolean;
  postStatus?: number;
  /** The POST answers 302 to this path of the same server (which answers a GET with 200). */
  redirectTo?: string;
}

/** A lead endpoint (another origin than the page) answering CORS as `cors` says (changeable); the leads it accepted. */
async function endpointServer(cors: Cors) {
  const accepted: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const headers: Record<string, string> = cors.none ? {} : { 'Access-Control-Allow-Origin': '*' };
    if (req.method == 'OPTIONS') {
      if (!cors.none) Object.assign(headers, { 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': cors.allowHeaders ?? 'Content-Type, Idempotency-Key' });
      return void res.writeHead(204, headers).end();
    }
    if (req.method == 'POST' && cors.redirectTo) return void res.writeHead(302, { ...headers, Location: cors.redirectTo }).end();
    if (req.method == 'POST') {
      const status = cors.postStatus ?? 201;
      if (status < 300) accepted.push(JSON.parse(body).id);
      return void res.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end('{}');
    }
    res.writeHead(405, headers).end(); // HEAD (the diagnosis) and anything else
  };
  const server = await startTestServer({ '/leads': handler, '/thanks': { body: 'thanks' } });
  return { server, accepted, url: server.url + '/leads' };
}

/** Before any page script: every `cairn:*` error and queued event of the form, in `window.__seen`. */
async function openForm(page: Page, site: TestServer) {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    Object.defineProperty(window, '__seen', { value: seen });
    for (const type of ['queued', 'error', 'delivered'])
      document.addEventListener('cairn:' + type, (e) => seen.push({ type, at: performance.now(), message: (e as CustomEvent).detail.message ?? (e as CustomEvent).detail.error?.message }));
  });
  await watchPageErrors(page);
  await page.goto(site.url + '/form');
  await page.locator('#host').getByLabel('Email').fill('cors@example.test');
  await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
}

const seen = (page: Page): Promise<{ type: string; at: number; message?: string }[]> => page.evaluate(() => (window as any).__seen);

async function scenario(
  cors: Cors,
  run: (page: Page, endpoint: Awaited<ReturnType<typeof endpointServer>>, errors: string[]) => Promise<void>,
  pageHeaders: Record<string, string> = {},
) {
  const endpoint = await endpointServer(cors);
  const body = testPage(`<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(form('host', endpoint.url))}</script></div>`);
  const site = await startTestServer({ ...embed, '/form': { body, headers: pageHeaders }, '/favicon.ico': { status: 204, body: '' } });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
    await openForm(page, site);
    await run(page, endpoint, errors);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  } finally {
    await context.close();
    await site.close();
    await endpoint.server.close();
  }
}

describe('an endpoint the browser will not let the page reach', () => {
  it('a preflight without Idempotency-Key: within the first attempt, an error naming the endpoint, CORS and the header; fixed, the lead arrives', async () => {
    const cors: Cors = { allowHeaders: 'Content-Type' };
    await scenario(cors, async (page, endpoint, errors) => {
      // Nothing is lost: the lead is in the outbox, so the visitor is done.
      await expect.poll(() => thankYouShown(page), { timeout: 15_000 }).toBe(true);
      await expect.poll(async () => (await seen(page)).map((e) => e.type), { timeout: 10_000 }).toEqual(['queued', 'error']);
      const [queued, error] = await seen(page);
      expect(error!.message).toContain(endpoint.url);
      expect(error!.message).toMatch(/CORS/);
      expect(error!.message).toMatch(/Access-Control-Allow-Headers/);
      expect(error!.message).toMatch(/Idempotency-Key/);
      // within the first attempt: the retry (1 s after it at the earliest) has not been made
      const preflights = endpoint.server.requests.filter((r) => r.method == 'OPTIONS');
      expect(preflights.length, 'one attempt, one preflight').toBe(1);
      expect(error!.at - queued!.at).toBeLessThan(5_000);
      expect(errors.some((line) => line.includes(endpoint.url) && line.includes('Idempotency-Key'))).toBe(true);
      // no lead went out to find out: only HEAD requests besides the attempt
      expect(endpoint.server.requests.filter((r) => r.method == 'POST')).toEqual([]);

      // The endpoint is fixed; the next flush (back online, a page shown again, the retry timer) delivers it.
      cors.allowHeaders = 'Content-Type, Idempotency-Key';
      await page.evaluate(() => dispatchEvent(new Event('online')));
      await expect.poll(() => endpoint.accepted.length, { timeout: 20_000 }).toBe(1);
    });
  });

  it('no Access-Control-Allow-Origin at all: the error names the page origin to allow', async () => {
    await scenario({ none: true }, async (page, endpoint) => {
      await expect.poll(async () => (await seen(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['queued', 'error']);
      const error = (await seen(page))[1]!;
      expect(error.message).toContain(endpoint.url);
      expect(error.message).toMatch(/Access-Control-Allow-Origin: http:\/\/127\.0\.0\.1:\d+ \(or \*\)/);
    });
  });

  it("the page's own CSP refuses the endpoint (connect-src 'self'): the error names the policy, the directive and the origin to allow", async () => {
    await scenario(
      {},
      async (page, endpoint, errors) => {
        await expect.poll(async () => (await seen(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['queued', 'error']);
        const origin = new URL(endpoint.url).origin;
        const error = (await seen(page))[1]!;
        expect(error.message).toContain(endpoint.url);
        expect(error.message).toContain(`the page's Content-Security-Policy does not allow requests to ${origin} (connect-src): add ${origin} to connect-src`);
        expect(errors.some((line) => line.includes('Content-Security-Policy') && line.includes(origin))).toBe(true);
        expect(endpoint.server.requests).toEqual([]); // the browser let nothing out
      },
      { 'Content-Security-Policy': "connect-src 'self'" },
    );
  });

  it('an endpoint answering 302: never "delivered" (the browser would re-send a bodiless GET); the lead stays queued and arrives once fixed', async () => {
    const cors: Cors = { redirectTo: '/thanks' };
    await scenario(cors, async (page, endpoint) => {
      await expect.poll(async () => (await seen(page)).map((e) => e.type), { timeout: 15_000 }).toEqual(['queued']);
      expect((await seen(page))[0]!.message).toMatch(/redirect: a lead is never sent on to another address/);
      expect(endpoint.server.requests.filter((r) => r.path == '/thanks'), 'the redirect was not followed').toEqual([]);
      expect(endpoint.accepted).toEqual([]);
      cors.redirectTo = undefined;
      await page.evaluate(() => dispatchEvent(new Event('online')));
      await expect.poll(() => endpoint.accepted.length, { timeout: 20_000 }).toBe(1);
      expect((await seen(page)).map((e) => e.type)).toEqual(['queued', 'delivered']);
    });
  });

  it('an endpoint answering 404: the error and the console name the URL and the status', async () => {
    await scenario({ postStatus: 404 }, async (page, endpoint, errors) => {
      await expect.poll(() => page.locator('#host').getByText("We couldn't accept your details").isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(async () => (await seen(page)).map((e) => e.type)).toEqual(['error']);
      const error = (await seen(page))[0]!;
      expect(error.message).toContain(`POST ${endpoint.url}`);
      expect(error.message).toMatch(/HTTP 404/);
      expect(errors.some((line) => line.includes(`POST ${endpoint.url}`) && line.includes('HTTP 404'))).toBe(true);
    });
  });
});
