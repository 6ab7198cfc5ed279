// cairn.js under a strict Content-Security-Policy: no inline script, no inline style,
// no eval. The form must render styled, submit, and cause no CSP violation; a broken config
// must load its wording (cairn-diagnostics.js, a same-origin module) under the same policy.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import { acceptLead, ensureEmbedBuilt, startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

const FORM = {
  id: 'csp-contact',
  version: 1,
  steps: [
    {
      id: 'you',
      title: 'About you',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'size', type: 'select', label: 'Company size', options: ['1-49', '50+'], required: true },
      ],
    },
    {
      id: 'big',
      title: 'Big company',
      when: { field: 'size', equals: '50+' },
      fields: [{ id: 'seats', type: 'number', label: 'Seats', min: 1 }],
    },
  ],
  submit: { endpoint: '/leads' },
  after: { title: 'Sent under CSP' },
};

/** `fields` misspelled, and a typo in a type: two problems, each with a hint. */
const INVALID = {
  id: 'csp-broken',
  version: 1,
  steps: [{ id: 'you', feilds: [] }, { id: 'more', fields: [{ id: 'email', type: 'emial', label: 'Email' }] }],
  submit: { endpoint: '/leads' },
};

/**
 * Does this browser apply a `<style>` element inside a shadow root under `style-src 'self'`?
 * And a constructed stylesheet (adoptedStyleSheets)? Each probe colours a span.
 */
const PROBE = `
function probe(kind) {
  var host = document.createElement('div');
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: 'open' });
  var span = document.createElement('span');
  span.className = 'probe';
  root.appendChild(span);
  if (kind === 'style-element') {
    var style = document.createElement('style');
    style.textContent = '.probe { color: rgb(1, 2, 3); }';
    root.appendChild(style);
  } else {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync('.probe { color: rgb(1, 2, 3); }');
    root.adoptedStyleSheets = [sheet];
  }
  return getComputedStyle(span).color === 'rgb(1, 2, 3)';
}
window.probeResult = { styleElement: probe('style-element'), adopted: probe('adopted') };
`;

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  ensureEmbedBuilt();
  const headers = { 'Content-Security-Policy': CSP };
  server = await startTestServer({
    '/': { body: testPage('<main><div id="host" data-cairn-form="/forms/contact.json"></div></main>'), headers },
    '/invalid': { body: testPage('<main><div id="host" data-cairn-form="/forms/invalid.json"></div></main>'), headers },
    '/forms/invalid.json': { body: JSON.stringify(INVALID) },
    '/probe': { body: testPage('<main></main><script src="/probe.js"></script>', { script: false }), headers },
    '/probe.js': { body: PROBE },
    '/forms/contact.json': { body: JSON.stringify(FORM) },
    '/leads': acceptLead,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(context: TestContext, path: string): Promise<{ page: Page; consoleLines: string[] }> {
  const opened = await openPage(browser, {
    extra: () => ['server requests:', ...server.requests.map((r) => `${r.method} ${r.path}`)],
  });
  context.onTestFailed(() => console.log(opened.diagnostics.dump()));
  context.onTestFinished(() => opened.context.close());
  opened.page.setDefaultTimeout(10_000);
  await watchPageErrors(opened.page);
  await opened.page.goto(server.url + path);
  return { page: opened.page, consoleLines: opened.diagnostics.console };
}

describe(`under "${CSP}"`, () => {
  it('the form renders with its styles, branches, submits, and no CSP violation is reported', async (context) => {
    const { page, consoleLines } = await open(context, '/');
    await expect.poll(() => page.getByLabel('Email').isVisible()).toBe(true);

    // The stylesheet applied (Cairn's input style: 6px radius, full width of the form).
    const style = await page.evaluate(() => {
      const input = document.querySelector('#host')!.shadowRoot!.querySelector('input')!;
      const s = getComputedStyle(input);
      return { radius: s.borderTopLeftRadius, display: s.display, adopted: document.querySelector('#host')!.shadowRoot!.adoptedStyleSheets.length };
    });
    expect(style).toEqual({ radius: '6px', display: 'block', adopted: 1 });

    await page.getByLabel('Email').fill('csp@example.com');
    await page.getByLabel('Company size').selectOption('50+');
    await page.getByRole('button', { name: 'Next' }).click();
    // Conditions are evaluated as data (no eval): the conditional step appears.
    await expect.poll(() => page.getByLabel('Seats').isVisible()).toBe(true);
    await page.getByLabel('Seats').fill('12');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByText('Sent under CSP').isVisible()).toBe(true);

    const posted = server.requests.filter((r) => r.method === 'POST' && r.path === '/leads');
    expect(posted).toHaveLength(1);
    expect(JSON.parse(posted[0]!.body).answers).toMatchObject({ email: 'csp@example.com', size: '50+', seats: 12 });

    const watch = await readWatch(page);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  });

  it('an invalid config shows its full message: the diagnostics module loads under the policy', async (context) => {
    const { page, consoleLines } = await open(context, '/invalid');
    const text = () => page.evaluate(() => document.querySelector('#host')?.shadowRoot?.textContent ?? '');
    await expect.poll(text).toContain('Cairn could not show this form');
    const shown = await text();
    expect(shown).toContain("steps[0]: missing 'fields'");
    expect(shown).toContain("steps[0].feilds: unknown key 'feilds' — did you mean 'fields'?");
    expect(shown).toContain("steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?");
    expect(shown).not.toContain('could not be loaded');
    expect(server.requests.some((r) => r.path === '/cairn-diagnostics.js')).toBe(true);

    const watch = await readWatch(page);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(watch.rejections).toEqual([]);
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  });

  it("Chromium blocks a <style> element in a shadow root but applies adoptedStyleSheets (why the renderer adopts its sheet)", async (context) => {
    const { page } = await open(context, '/probe');
    const result = await page.evaluate(() => (window as any).probeResult);
    console.log(`CSP probe in Chromium: shadow-root <style> applied = ${result.styleElement}; adoptedStyleSheets applied = ${result.adopted}`);
    expect(result).toEqual({ styleElement: false, adopted: true });
    const watch = await readWatch(page);
    expect(watch.violations.some((line) => line.startsWith('style-src'))).toBe(true);
  });
});
