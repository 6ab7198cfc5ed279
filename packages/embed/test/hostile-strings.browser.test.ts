// Hostile strings in a real browser (issue 14, point 5): payloads that would run script if any
// string reached the DOM as markup, a URL or a style — in every text slot of 240 configs and in
// their answers (initial values) — mounted through the script tag in Chromium on a page with a
// strict CSP and Trusted Types (`require-trusted-types-for 'script'`, no policy allowed), and a
// trap on `window`: a setter on `__pwned`, `alert`/`confirm`/`prompt`/`print` replaced, every
// security-policy violation recorded. Nothing may fire. Prints its count.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../../scripts/browser/chromium.js';
import { startTestServer, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot } from './delivery-helpers.js';

/** What would run, load or restyle something if it were parsed as HTML, used as a URL or as CSS. */
const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  "'><iframe srcdoc='<script>parent.__pwned=1</script>'>",
  '<a href="javascript:window.__pwned=1">click</a>',
  'javascript:window.__pwned=1',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
  '<base href="https://evil.example/">',
  '<style>@import "https://evil.example/x.css";</style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '</script><script>window.__pwned=1</script>',
  '<details open ontoggle=window.__pwned=1>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '\u202Ealert(1)//',
  'x" autofocus onfocus="window.__pwned=1',
  'url(javascript:window.__pwned=1)',
  '<object data="data:text/html,<script>parent.__pwned=1</script>">',
];
const CONFIGS = 240;

/** Config `n`: a payload in every text slot (a different one in each), and one in each answer. */
function hostileConfig(n: number) {
  const t = (slot: number) => `${PAYLOADS[(n + slot) % PAYLOADS.length]} #${n}.${slot}`;
  return {
    config: {
      id: `hostile-${n}`,
      version: 1,
      title: t(0),
      description: t(1),
      steps: [
        {
          id: 'one',
          title: t(2),
          fields: [
            { id: 'email', type: 'email', label: t(3), placeholder: t(4), help: t(5) },
            { id: 'plan', type: 'select', label: t(6), options: [{ value: 'a', label: t(7) }, { value: 'b', label: t(8) }] },
            { id: 'size', type: 'radio', label: t(9), options: [{ value: 'x', label: t(10) }] },
            { id: 'note', type: 'textarea', label: t(11), patternMessage: t(12) },
            { id: 'ok', type: 'consent', label: t(13) },
          ],
        },
        { id: 'two', title: t(14), fields: [{ id: 'more', type: 'text', label: t(15) }] },
      ],
      submit: { endpoint: '/leads' },
      labels: { submit: t(16), next: t(17), back: t(18) },
    },
    answers: { email: t(19), note: t(20), more: t(21) },
  };
}

/** The page's only script (CSP: no inline script): mounts every config into its own element. */
const MOUNT_ALL = `
fetch('/configs.json').then(function (r) { return r.json(); }).then(function (all) {
  all.forEach(function (c) {
    var el = document.createElement('div');
    document.body.appendChild(el);
    Cairn.mount(el, c.config, { initialValues: c.answers, dev: true });
  });
  window.__mounted = all.length;
});`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    ...embedSnapshot(),
    '/favicon.ico': { status: 204, body: '' },
    '/configs.json': { body: JSON.stringify(Array.from({ length: CONFIGS }, (_, n) => hostileConfig(n))), type: 'application/json' },
    '/mount-all.js': { body: MOUNT_ALL, type: 'text/javascript' },
    '/': {
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile strings</title><script src="/cairn.js"></script><script src="/mount-all.js" defer></script></head><body></body></html>',
      headers: { 'Content-Security-Policy': CSP },
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('hostile strings in Chromium (script tag, strict CSP with Trusted Types, a trap on window)', () => {
  it(`${CONFIGS} configs with a payload in every text slot and answer: rendered as text, nothing runs, loads or violates the policy`, async () => {
    const { context, page, diagnostics } = await openPage(browser);
    try {
      await page.addInitScript(() => {
        const fired: string[] = [];
        Object.defineProperty(window, '__fired', { value: fired });
        Object.defineProperty(window, '__pwned', { set: (v) => fired.push(`__pwned = ${v}`), get: () => undefined });
        for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) (window as unknown as Record<string, unknown>)[name] = () => fired.push(name);
        document.addEventListener('securitypolicyviolation', (e) => fired.push(`CSP ${e.effectiveDirective} ${e.blockedURI}`));
      });
      const elsewhere: string[] = [];
      page.on('request', (r) => new URL(r.url()).origin != server.url && elsewhere.push(r.url()));
      await page.goto(server.url + '/');
      await page.waitForFunction((n) => (window as { __mounted?: number }).__mounted === n, CONFIGS, { timeout: 60_000 });
      // every form rendered (its consent box is there), each with its payloads as text
      await page.waitForFunction((n) => [...document.body.children].filter((el) => el.shadowRoot?.querySelector('input[type=checkbox]')).length === n, CONFIGS, { timeout: 60_000 });
      const sample = await page.evaluate(() => document.body.children[1]!.shadowRoot!.textContent);
      expect(sample).toContain('#1.3'); // the label, with its payload, as text
      // focus and blur a few fields (autofocus/onfocus payloads), then a moment for anything late
      for (let i = 0; i < 5; i++) await page.locator('body > div').nth(i).getByRole('textbox').first().focus();
      await page.waitForTimeout(500);
      const counts = await page.evaluate(() => {
        let runnable = 0;
        for (const host of document.body.children)
          for (const el of host.shadowRoot?.querySelectorAll('script,iframe,img,object,embed,svg,math,base,meta,link,details') ?? []) runnable += el ? 1 : 0;
        return { fired: (window as unknown as { __fired: string[] }).__fired, runnable };
      });
      console.log(`hostile strings in Chromium: ${CONFIGS} configs × 22 slots mounted; fired: ${counts.fired.length}; runnable elements: ${counts.runnable}`);
      expect(counts.fired).toEqual([]);
      expect(counts.runnable).toBe(0);
      expect(elsewhere).toEqual([]);
      expect(diagnostics.pageErrors).toEqual([]);

      // The control: the trap does see markup reaching a sink (refused by Trusted Types, and reported).
      await page.evaluate(() => {
        try {
          document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned=1">');
        } catch {
          /* refused: a string where Trusted Types want TrustedHTML */
        }
      });
      await expect.poll(() => page.evaluate(() => (window as unknown as { __fired: string[] }).__fired)).toEqual([expect.stringMatching(/^CSP require-trusted-types-for/)]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
