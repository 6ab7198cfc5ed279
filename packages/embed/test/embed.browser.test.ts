// The script-tag build in Chromium: <cairn-form>, auto-mount of late elements, the
// Cairn.mount handle and its events, destroy(), shadow-root isolation from host CSS,
// and focus on the first invalid field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { acceptLead, ensureEmbedBuilt, startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';

const CONTACT = {
  id: 'contact',
  version: 2,
  steps: [
    {
      id: 'you',
      title: 'About you',
      fields: [
        { id: 'name', type: 'text', label: 'Name', required: true },
        { id: 'email', type: 'email', label: 'Email', required: true },
      ],
    },
    { id: 'more', title: 'Anything else?', fields: [{ id: 'note', type: 'textarea', label: 'Note' }] },
  ],
  submit: { endpoint: '/leads' },
  after: { title: 'Got it', message: 'We will write back.' },
};

/** Rules that would wreck a form that lived in the light DOM. */
const HOSTILE_CSS = `
* { display: inline !important; color: red !important; font-size: 9px !important; line-height: 3 !important; }
input, select, textarea, button, label { all: unset !important; border: 5px dotted lime !important; }
html { font-size: 40px }
`;

let browser: Browser;
let server: TestServer;
let streamingSawConfigFirst: boolean | undefined;

beforeAll(async () => {
  ensureEmbedBuilt();
  const json = JSON.stringify(CONTACT);
  server = await startTestServer({
    '/forms/contact.json': { body: json },
    '/leads': acceptLead,
    '/element': { body: testPage('<cairn-form id="el" src="/forms/contact.json"></cairn-form>') },
    '/element-inline': {
      body: testPage(`<cairn-form id="el"><script type="application/json" data-cairn-config>${json}</script></cairn-form>`),
    },
    '/blank': { body: testPage('<main id="main"></main>') },
    '/thanks': { body: '<!doctype html><title>Thanks</title><p>Thanks!</p>' },
    '/styled-plain': { body: testPage('<div id="host" data-cairn-form="/forms/contact.json"></div>', { head: '<style>body{margin:0}</style>' }) },
    '/styled-hostile': {
      body: testPage('<div id="host" data-cairn-form="/forms/contact.json"></div>', {
        head: `<style>body{margin:0}${HOSTILE_CSS}</style>`,
      }),
    },
    // A classic (not deferred) script in <head>, and an HTML response that stalls after the
    // form element: Cairn must mount it (and request its config) while the page is still loading.
    '/streaming': async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.write(
        '<!doctype html><html><head><script src="/cairn.js"></script></head><body>' +
          `<div id="early" data-cairn-form="/forms/contact.json"></div>` +
          `<div id="inline" data-cairn-form><script type="application/json" data-cairn-config>${json}</script></div>` +
          ' '.repeat(4096),
      );
      const configRequested = () => server.requests.some((r) => r.path === '/forms/contact.json' && r.headers.referer?.endsWith('/streaming'));
      // The rest of the page is held back until the config is requested: up to 8 s (a slow machine
      // may take seconds to run cairn.js), under the 10 s a navigation may take. The order is asserted.
      for (const until = Date.now() + 8_000; Date.now() < until && !configRequested(); ) await new Promise((r) => setTimeout(r, 25));
      streamingSawConfigFirst = configRequested();
      res.end('<p>rest of the page</p></body></html>');
    },
    '/twice': {
      body: testPage('<div id="host" data-cairn-form="/forms/contact.json"></div><script src="/cairn.js"></script>'),
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(context: TestContext, path: string): Promise<Page> {
  const opened = await openPage(browser, {
    extra: () => ['server requests:', ...server.requests.map((r) => `${r.method} ${r.path} ${r.body.slice(0, 200)}`)],
  });
  context.onTestFailed(() => console.log(opened.diagnostics.dump()));
  context.onTestFinished(() => opened.context.close());
  opened.page.setDefaultTimeout(10_000);
  await watchPageErrors(opened.page);
  await opened.page.goto(server.url + path);
  return opened.page;
}

/** Number of elements rendered in `selector`'s shadow root (0 when empty or none). */
const shadowCount = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.shadowRoot?.querySelectorAll('*').length ?? 0, selector);

describe('cairn.js in Chromium', () => {
  it('<cairn-form src> renders the form in an open shadow root', async (context) => {
    const page = await open(context, '/element');
    await expect.poll(() => page.getByLabel('Name').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.querySelector('#el')!.shadowRoot?.mode)).toBe('open');
    // Nothing leaks into the light DOM.
    expect(await page.evaluate(() => document.querySelector('#el')!.children.length)).toBe(0);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  });

  it('<cairn-form> with an inline config works, and leaves when removed', async (context) => {
    const page = await open(context, '/element-inline');
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
    await page.evaluate(() => {
      (window as any).el = document.querySelector('#el');
      (window as any).el.remove();
    });
    await expect.poll(() => page.evaluate(() => (window as any).el.shadowRoot.childNodes.length)).toBe(0);
    // Connected again: mounted again.
    await page.evaluate(() => document.body.append((window as any).el));
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);
  });

  it('a [data-cairn-form] added after load is mounted once, and destroyed when removed', async (context) => {
    const page = await open(context, '/blank');
    await page.waitForFunction(() => (window as any).Cairn);
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.id = 'late';
      div.dataset.cairnForm = '/forms/contact.json';
      document.querySelector('#main')!.append(div);
      (window as any).late = div;
      (window as any).readies = 0;
      div.addEventListener('cairn:ready', () => (window as any).readies++);
    });
    await expect.poll(() => page.getByLabel('Name').isVisible()).toBe(true);
    // Moving it keeps the same form (no second mount).
    await page.evaluate(() => document.body.append((window as any).late));
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => (window as any).readies)).toBe(1);
    expect(await page.getByLabel('Name').count()).toBe(1);

    await page.evaluate(() => (window as any).late.remove());
    await expect.poll(() => page.evaluate(() => (window as any).late.shadowRoot.childNodes.length)).toBe(0);
    expect(await page.evaluate(() => (window as any).late.shadowRoot.adoptedStyleSheets.length)).toBe(0);

    // Put back: mounted again.
    await page.evaluate(() => document.body.append((window as any).late));
    await expect.poll(() => page.evaluate(() => (window as any).readies)).toBe(2);
  });

  it('Cairn.mount returns a handle that receives ready, step, change, submit and delivered; destroy() removes the form', async (context) => {
    const page = await open(context, '/blank');
    await page.waitForFunction(() => (window as any).Cairn);
    await page.evaluate(() => {
      const events: string[] = [];
      (window as any).events = events;
      const handle = (window as any).Cairn.mount('#main', '/forms/contact.json');
      (window as any).handle = handle;
      for (const name of ['ready', 'step', 'change', 'submit', 'delivered', 'error']) {
        handle.on(name, (detail: any) => {
          const what =
            name === 'change' ? `${detail.field}=${detail.value}` :
            name === 'step' ? detail.step.id :
            name === 'submit' || name === 'delivered' ? detail.payload.form.id :
            name === 'ready' ? detail.form.id : detail.message;
          events.push(`${name}:${what}`);
        });
      }
    });
    await expect.poll(() => page.evaluate(() => (window as any).events)).toEqual(['ready:contact']);
    // A listener added after ready still hears it (like a resolved promise).
    expect(await page.evaluate(() => new Promise((resolve) => (window as any).handle.on('ready', (d: any) => resolve(d.form.version))))).toBe(2);

    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Note').fill('Hi');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByText('Got it').isVisible()).toBe(true);

    const events: string[] = await page.evaluate(() => (window as any).events);
    expect(events[0]).toBe('ready:contact');
    expect(events).toContain('change:name=Ada');
    expect(events).toContain('change:email=ada@example.com');
    expect(events).toContain('step:more');
    expect(events).toContain('change:note=Hi');
    expect(events.slice(-2)).toEqual(['submit:contact', 'delivered:contact']);
    expect(events.some((e) => e.startsWith('error:'))).toBe(false);
    const posted = server.requests.filter((r) => r.method === 'POST' && r.path === '/leads');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.headers['idempotency-key']).toBe(JSON.parse(posted[0]!.body).id);

    expect(await shadowCount(page, '#main')).toBeGreaterThan(0);
    await page.evaluate(() => {
      (window as any).handle.destroy();
      (window as any).handle.destroy(); // twice is fine
    });
    expect(await shadowCount(page, '#main')).toBe(0);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  });

  it('mount options: initialValues prefill and a custom deliver replaces the POST', async (context) => {
    const page = await open(context, '/blank');
    await page.waitForFunction(() => (window as any).Cairn);
    const before = server.requests.filter((r) => r.method === 'POST').length;
    const delivered = await page.evaluate(
      (config) =>
        new Promise<string>((resolve) => {
          const handle = (window as any).Cairn.mount('#main', config, {
            initialValues: { name: 'Grace', email: 'grace@example.com' },
            deliver: async (payload: any) => {
              (window as any).custom = payload.answers;
              return { ok: true, status: 299 };
            },
          });
          handle.on('delivered', (d: any) => resolve(`${d.status}`));
          handle.on('ready', () => {
            const root = document.querySelector('#main')!.shadowRoot!;
            (root.querySelector('button[type=submit]') as HTMLButtonElement).click();
            setTimeout(() => (root.querySelector('button[type=submit]') as HTMLButtonElement).click(), 50);
          });
        }),
      CONTACT,
    );
    expect(delivered).toBe('299');
    expect(await page.evaluate(() => (window as any).custom)).toMatchObject({ name: 'Grace', email: 'grace@example.com' });
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('host CSS cannot reach the form: input width, font size and colours match a page without it', async (context) => {
    const measure = async (path: string) => {
      const page = await open(context, path);
      await expect.poll(() => page.getByLabel('Name').isVisible()).toBe(true);
      return page.evaluate(() => {
        const root = document.querySelector('#host')!.shadowRoot!;
        const input = root.querySelector('input')!;
        const label = root.querySelector('label')!;
        const button = root.querySelector('button')!;
        const s = getComputedStyle(input);
        return {
          inputWidth: input.getBoundingClientRect().width,
          inputHeight: input.getBoundingClientRect().height,
          inputFontSize: s.fontSize,
          inputDisplay: s.display,
          inputBorder: s.borderTopStyle,
          inputColor: s.color,
          labelColor: getComputedStyle(label).color,
          labelFontSize: getComputedStyle(label).fontSize,
          buttonColor: getComputedStyle(button).color,
          buttonBackground: getComputedStyle(button).backgroundColor,
        };
      });
    };
    const plain = await measure('/styled-plain');
    const hostile = await measure('/styled-hostile');
    expect(plain.inputFontSize).toBe('16px');
    expect(plain.inputWidth).toBeGreaterThan(500);
    expect(hostile).toEqual(plain);
  });

  it('a failed Next moves focus to the first invalid field', async (context) => {
    const page = await open(context, '/element');
    await expect.poll(() => page.getByLabel('Name').isVisible()).toBe(true);
    const focused = () =>
      page.evaluate(() => {
        const active = document.querySelector('#el')!.shadowRoot!.activeElement as HTMLInputElement | null;
        return active ? `${active.name || active.tagName}|${active.getAttribute('aria-invalid')}` : null;
      });
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(focused).toBe('name|true');
    // Fix the first and submit from the keyboard: now the email is the first invalid field.
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Name').press('Enter');
    await expect.poll(focused).toBe('email|true');
  });

  it('a classic script in <head> mounts forms as the parser adds them, requesting the config before the page has finished loading', async (context) => {
    const page = await open(context, '/streaming');
    expect(streamingSawConfigFirst).toBe(true);
    await expect.poll(() => page.locator('#early').getByLabel('Name').isVisible()).toBe(true);
    // The inline config waits for the end of parsing (its text may still be arriving), then mounts.
    await expect.poll(() => page.locator('#inline').getByLabel('Name').isVisible()).toBe(true);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  });

  it('after a delivered lead, after.redirect sends the visitor on', async (context) => {
    const page = await open(context, '/blank');
    await page.waitForFunction(() => (window as any).Cairn);
    const form = { ...CONTACT, steps: [CONTACT.steps[0]], after: { redirect: `${server.url}/thanks?from=cairn` } };
    await page.evaluate((config) => (window as any).Cairn.mount('#main', config), form);
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill('ada@example.com');
    await Promise.all([page.waitForURL('**/thanks?from=cairn'), page.getByRole('button', { name: 'Submit' }).click()]);
  });

  it('included twice, the script defines Cairn once and mounts each form once', async (context) => {
    const page = await open(context, '/twice');
    await expect.poll(() => page.getByLabel('Name').isVisible()).toBe(true);
    await page.waitForTimeout(100);
    expect(await page.getByLabel('Name').count()).toBe(1);
    expect(await page.evaluate(() => document.querySelector('#host')!.shadowRoot!.querySelectorAll('form').length)).toBe(1);
    expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
  });
});
