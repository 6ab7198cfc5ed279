// A hostile host page (issue 14, point 6), through the script tag in Chromium: `* { all: unset }`,
// `html { font-size: 62.5% }`, `input { display: none !important }`, and prototype.js's
// `Array.prototype.toJSON` / `String.prototype.toJSON`. The form looks as it does on a plain page
// (the same computed sizes and display), the lead arrives with a checkbox's answers as an array,
// and mounting changes none of the host's own computed styles.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../../scripts/browser/chromium.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot } from './delivery-helpers.js';

const config = {
  id: 'hostile',
  version: 1,
  title: 'Talk to us',
  steps: [
    {
      id: 's',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'topics', type: 'checkboxes', label: 'Topics', options: ['Pricing', 'Security'] },
      ],
    },
  ],
  submit: { endpoint: '/leads' },
};

const HOSTILE_CSS = '<style>* { all: unset } html { font-size: 62.5% } input { display: none !important } p { color: rgb(10, 20, 30); font-size: 13px }</style>';
/** prototype.js 1.6 style: JSON.stringify would send arrays and strings as quoted text. */
const PROTOTYPE_JS = `<script>
Array.prototype.toJSON = function () { return '[' + this.join(', ') + ']'; };
String.prototype.toJSON = function () { return "'" + this + "'"; };
</script>`;

/** The page mounts the form only when told (`window.mountNow()`), so the host's styles can be read before. */
const body = `<main><p id="copy">Our product, in one sentence.</p><div id="host"></div></main>
<script>window.mountNow = function () { Cairn.mount('#host', ${JSON.stringify(config)}); };</script>`;

let browser: Browser;
let server: TestServer;
const leads: string[] = [];

beforeAll(async () => {
  server = await startTestServer({
    ...embedSnapshot(),
    '/favicon.ico': { status: 204, body: '' },
    '/plain': { body: testPage(body) },
    '/hostile': { body: testPage(body, { head: HOSTILE_CSS + PROTOTYPE_JS }) },
    '/leads': (_req, res, text) => {
      leads.push(text);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{}');
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PROPS = ['display', 'font-size', 'font-family', 'font-weight', 'color', 'line-height', 'margin-top', 'padding-left', 'width', 'visibility'];

/** Computed styles of the host's own elements. */
const hostStyles = (page: Page) =>
  page.evaluate((props) => ['html', 'body', 'main', '#copy', '#host'].map((sel) => props.map((p) => getComputedStyle(document.querySelector(sel)!).getPropertyValue(p)).join('|')), PROPS);

/** Computed styles of the form's parts, by a name. */
const formStyles = (page: Page) =>
  page.evaluate((props) => {
    const root = document.querySelector('#host')!.shadowRoot!;
    const parts: Record<string, string> = {};
    for (const [name, sel] of Object.entries({ heading: 'h2', label: 'label', input: 'input[type=email]', checkbox: 'input[type=checkbox]', button: 'button[type=submit]' }))
      parts[name] = props.map((p) => `${p}:${getComputedStyle(root.querySelector(sel)!).getPropertyValue(p)}`).join('; ');
    return parts;
  }, PROPS.filter((p) => p != 'width'));

async function mountAndRead(path: string) {
  const { context, page, diagnostics } = await openPage(browser);
  try {
    await page.goto(server.url + path);
    await page.waitForFunction(() => typeof (window as { Cairn?: unknown }).Cairn == 'object');
    const before = await hostStyles(page);
    await page.evaluate(() => (window as unknown as { mountNow(): void }).mountNow());
    await page.locator('#host').getByLabel('Work email').waitFor();
    const after = await hostStyles(page);
    const form = await formStyles(page);
    await page.locator('#host').getByLabel('Work email').fill('ada@northwind.example');
    await page.locator('#host').getByLabel('Security').check();
    await page.locator('#host').getByRole('button', { name: 'Submit' }).click();
    await page.locator('#host').getByText('Thank you!').waitFor();
    return { before, after, form, errors: [...diagnostics.consoleErrors, ...diagnostics.pageErrors] };
  } finally {
    await context.close();
  }
}

describe('a hostile host page (script tag, Chromium)', () => {
  it('the form looks and works as on a plain page; the lead keeps its arrays; the host’s styles are untouched', async () => {
    const plain = await mountAndRead('/plain');
    const plainLead = JSON.parse(leads.at(-1)!);
    const hostile = await mountAndRead('/hostile');
    const hostileLead = JSON.parse(leads.at(-1)!);

    expect(hostile.form).toEqual(plain.form);
    expect(hostile.form.input).toContain('display:block');
    expect(hostile.after, 'mounting changed none of the host page’s computed styles').toEqual(hostile.before);
    expect(plain.after).toEqual(plain.before);
    expect(hostileLead.answers).toEqual({ email: 'ada@northwind.example', topics: ['Security'] });
    expect(hostileLead.answers).toEqual(plainLead.answers);
    expect(hostile.errors).toEqual([]);
  });
});
