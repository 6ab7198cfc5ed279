// <cairn-form> as a framework or a script uses it (#13): its `config`, `options` and `src`
// properties (each remounting the form), its `cairn:*` DOM events, a move in the DOM (the form
// and what the visitor typed stay) and a removal (everything stops; connected again, it mounts
// again, once).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { createLeadReceiver, type LeadReceiver } from '../../../scripts/browser/fault-server.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot, form } from './delivery-helpers.js';

let browser: Browser;
let server: TestServer;
let receiver: LeadReceiver;

beforeAll(async () => {
  receiver = createLeadReceiver();
  server = await startTestServer({
    ...embedSnapshot(),
    '/blank': { body: testPage('<main id="main"></main><aside id="aside"></aside>') },
    '/forms/other.json': { body: JSON.stringify({ ...form('other', '/leads'), steps: [{ id: 's', fields: [{ id: 'company', type: 'text', label: 'Company' }] }] }), type: 'application/json' },
    '/leads': receiver.handler,
    '/favicon.ico': { status: 204, body: '' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

async function open(context: TestContext): Promise<Page> {
  const opened = await openPage(browser);
  context.onTestFailed(() => console.log(opened.diagnostics.dump()));
  context.onTestFinished(() => opened.context.close());
  opened.page.setDefaultTimeout(10_000);
  await watchPageErrors(opened.page);
  await opened.page.goto(server.url + '/blank');
  await opened.page.waitForFunction(() => customElements.get('cairn-form'));
  return opened.page;
}

/** The labels the form in `#el` shows now. */
const labels = (page: Page) => page.evaluate(() => [...(document.querySelector('#el')?.shadowRoot?.querySelectorAll('label') ?? [])].map((l) => l.textContent?.trim()));

describe('<cairn-form> from script', () => {
  it('config and options properties: the form renders from them, events reach DOM listeners, a lead is delivered', async (context) => {
    const page = await open(context);
    await page.evaluate((config) => {
      const el = document.createElement('cairn-form');
      el.id = 'el';
      (window as any).seen = [];
      for (const type of ['ready', 'change', 'submit', 'delivered']) el.addEventListener('cairn:' + type, (e) => (window as any).seen.push(type + ':' + ((e as CustomEvent).detail.payload?.answers?.email ?? '')));
      Object.assign(el, { config, options: { initialValues: { email: 'prop@example.test' } } });
      document.querySelector('#main')!.append(el);
    }, form('el', '/leads'));
    await expect.poll(() => page.locator('#el').getByLabel('Email').inputValue()).toBe('prop@example.test');
    await page.locator('#el').getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => receiver.stored.size).toBeGreaterThan(0);
    expect([...receiver.stored.values()].some((l) => l.lead.answers.email === 'prop@example.test')).toBe(true);
    await expect.poll(() => page.evaluate(() => (window as any).seen)).toEqual(['ready:', 'submit:prop@example.test', 'delivered:prop@example.test']);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  });

  it('setting config, options or src again remounts it with the new one (one form, never two)', async (context) => {
    const page = await open(context);
    await page.evaluate((config) => {
      const el = Object.assign(document.createElement('cairn-form'), { id: 'el', config });
      document.querySelector('#main')!.append(el);
    }, form('el', '/leads'));
    await expect.poll(() => labels(page)).toEqual(['Email *']);
    // src loses to a config property: the property goes, then src counts
    await page.evaluate(() => {
      const el = document.querySelector('#el') as any;
      el.src = '/forms/other.json';
      el.config = undefined;
    });
    await expect.poll(() => labels(page)).toEqual(['Company']);
    await page.evaluate(() => ((document.querySelector('#el') as any).options = { initialValues: { company: 'Initech' } }));
    await expect.poll(() => page.locator('#el').getByLabel('Company').inputValue()).toBe('Initech');
    expect(await page.evaluate(() => document.querySelector('#el')!.shadowRoot!.querySelectorAll('form').length)).toBe(1);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  });

  it('moved in the DOM, it keeps the form and what was typed; removed, it stops; connected again, it mounts once', async (context) => {
    const page = await open(context);
    await page.evaluate((config) => {
      const el = Object.assign(document.createElement('cairn-form'), { id: 'el', config });
      (window as any).readies = 0;
      el.addEventListener('cairn:ready', () => (window as any).readies++);
      document.querySelector('#main')!.append(el);
    }, form('el', '/leads'));
    await page.locator('#el').getByLabel('Email').fill('moved@example.test');
    await page.evaluate(() => document.querySelector('#aside')!.append(document.querySelector('#el')!));
    await page.waitForTimeout(200);
    expect(await page.locator('#aside #el').getByLabel('Email').inputValue()).toBe('moved@example.test');
    await expect.poll(() => page.evaluate(() => (window as any).readies)).toBe(1);

    await page.evaluate(() => ((window as any).el = document.querySelector('#el')!).remove());
    await expect.poll(() => page.evaluate(() => (window as any).el.shadowRoot.childNodes.length)).toBe(0);
    await page.evaluate(() => document.querySelector('#main')!.append((window as any).el));
    await expect.poll(() => labels(page)).toEqual(['Email *']);
    await expect.poll(() => page.evaluate(() => (window as any).readies)).toBe(2);
    expect(await page.evaluate(() => document.querySelector('#el')!.shadowRoot!.querySelectorAll('form').length)).toBe(1);
  });
});
