// Cairn on someone else's page must fail quietly for the page and loudly for the developer:
// a bad config, a missing or non-JSON config URL, and an endpoint that refuses the connection
// each show a clear message in the container, fire an `error` event, log where on the
// console — and never throw into the page, whose own script keeps running. The wording for a
// broken config comes from cairn-diagnostics.js, loaded from beside cairn.js only then; when it
// cannot be loaded, the message still names every path.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../../../scripts/browser/chromium.js';
import {
  builtFile,
  CAIRN_JS,
  DIAGNOSTICS_JS,
  EMBED_PATHS,
  ensureEmbedBuilt,
  LATER_JS,
  refusedUrl,
  startTestServer,
  testPage,
  type TestServer,
} from '../../../scripts/browser/servers.js';

/** A typo a marketer makes: 'emial'. */
const INVALID_CONFIG = {
  id: 'broken',
  version: 1,
  steps: [
    { id: 'one', fields: [{ id: 'name', type: 'text', label: 'Name' }] },
    { id: 'two', fields: [{ id: 'email', type: 'emial', label: 'Email' }] },
  ],
  submit: { endpoint: '/leads' },
};

const validForm = (endpoint: string) => ({
  id: 'refused',
  version: 1,
  steps: [{ id: 'contact', title: 'Contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { endpoint },
});

/** The host page's own script: it counts, and mounts through the JS API with error handlers. */
const hostScript = (refused: string, unreachable: string) => `
window.hostTicks = 0;
setInterval(function () { window.hostTicks++; }, 20);
window.cairnErrors = [];
function record(id) {
  return function (e) {
    window.cairnErrors.push({ id: id, kind: e.kind, message: e.message, paths: (e.errors || []).map(function (x) { return x.path; }) });
  };
}
Cairn.mount('#invalid', ${JSON.stringify(INVALID_CONFIG)}).on('error', record('invalid'));
Cairn.mount('#missing', '/forms/missing.json').on('error', record('missing'));
Cairn.mount('#not-json', '/not-json').on('error', record('not-json'));
Cairn.mount('#unreachable', '${unreachable}').on('error', record('unreachable'));
window.cairnQueued = [];
var refusedHandle = Cairn.mount('#refused', ${JSON.stringify(validForm(refused))});
refusedHandle.on('error', record('refused'));
refusedHandle.on('queued', function (e) { window.cairnQueued.push({ id: e.payload.id, retryable: e.error.retryable }); });
Cairn.mount('#nowhere', ${JSON.stringify(validForm(refused))}).on('error', record('nowhere'));
window.afterEmbed = 'ran';
`;

let browser: Browser;
let server: TestServer;
/** A config URL whose server refuses the connection (a network failure). */
let unreachable: string;

beforeAll(async () => {
  ensureEmbedBuilt();
  const refused = await refusedUrl('/leads');
  unreachable = await refusedUrl('/forms/demo.json');
  server = await startTestServer({
    '/': {
      body: testPage(
        `<main>
          <div id="inline-invalid" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(INVALID_CONFIG)}</script></div>
          <div id="inline-broken-json" data-cairn-form><script type="application/json" data-cairn-config>{ "id": "x", }</script></div>
          <div id="no-config" data-cairn-form></div>
          <div id="invalid"></div><div id="missing"></div><div id="not-json"></div>
          <div id="unreachable"></div><div id="refused"></div>
        </main>
        <script src="/host.js" defer></script>`,
        // Listening before cairn.js runs: auto-mounted elements report through DOM events.
        { head: `<script>document.addEventListener('cairn:error', function (e) { window.domErrors = (window.domErrors || []).concat(e.target.id); });</script>` },
      ),
    },
    '/host.js': { body: hostScript(refused, unreachable) },
    '/not-json': { body: '<!doctype html><html><body>Welcome to our site!</body></html>', type: 'text/html' },
    // cairn.js deployed in a folder of its own, with its diagnostics module beside it …
    '/static/v1/cairn.js': builtFile(CAIRN_JS),
    '/static/v1/cairn-diagnostics.js': builtFile(DIAGNOSTICS_JS),
    '/nested/page': { body: testPage(`<div id="host" data-cairn-form="/forms/invalid.json"></div>`, { script: false, head: '<script src="/static/v1/cairn.js" defer></script>' }) },
    // … and without it (not deployed: 404), its other chunks there.
    '/bare/cairn.js': builtFile(CAIRN_JS),
    '/bare/cairn-later.js': builtFile(LATER_JS),
    '/bare/cairn-page-engine.js': builtFile(EMBED_PATHS['/cairn-page-engine.js']!),
    '/no-diagnostics': {
      body: testPage(
        `<div id="from-url" data-cairn-form="/forms/invalid.json"></div>
        <div id="broken-json" data-cairn-form><script type="application/json" data-cairn-config>{ "id": "x", }</script></div>
        <div id="valid" data-cairn-form="/forms/valid.json"></div>
        <div id="api"></div>
        <script src="/no-diagnostics.js" defer></script>`,
        { script: false, head: '<script src="/bare/cairn.js" defer></script>' },
      ),
    },
    '/no-diagnostics.js': {
      body: `window.apiError = new Promise(function (resolve) { Cairn.mount('#api', ${JSON.stringify(INVALID_CONFIG)}).on('error', resolve); });`,
    },
    '/forms/invalid.json': { body: JSON.stringify(INVALID_CONFIG) },
    // a server that takes the request and never answers (closed with the server)
    '/forms/hang.json': () => {},
    '/forms/valid.json': { body: JSON.stringify(validForm('/leads')) },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('failures never reach the host page', () => {
  it('bad config, 404, non-JSON, unreachable config URL and a refusing endpoint: messages, error events, console — and the page keeps running', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser, {
      extra: () => ['server requests:', ...server.requests.map((r) => `${r.method} ${r.path}`)],
    });
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      page.setDefaultTimeout(10_000);
      await watchPageErrors(page);
      await page.goto(server.url);

      // Every JS-API mount reported its failure to its own error handler (refused: once delivery fails, below).
      await expect
        .poll(() => page.evaluate(() => (window as any).cairnErrors.map((e: any) => e.id).sort()), { timeout: 10_000 })
        .toEqual(['invalid', 'missing', 'not-json', 'nowhere', 'unreachable']);
      const errors: { id: string; kind: string; message: string; paths: string[] }[] = await page.evaluate(() => (window as any).cairnErrors);
      const byId = Object.fromEntries(errors.map((e) => [e.id, e]));
      expect(byId.invalid).toMatchObject({ kind: 'config', paths: ['steps[1].fields[0].type'] });
      expect(byId.invalid!.message).toContain("steps[1].fields[0].type: 'emial' is not a field type");
      expect(byId.invalid!.message).toContain("did you mean 'email'");
      expect(byId.missing).toMatchObject({ kind: 'load' });
      expect(byId.missing!.message).toMatch(/\/forms\/missing\.json answered HTTP 404/);
      expect(byId['not-json']).toMatchObject({ kind: 'load' });
      expect(byId['not-json']!.message).toMatch(/is not JSON \(it was served as text\/html/);
      expect(byId.unreachable).toMatchObject({ kind: 'load' });
      expect(byId.nowhere).toMatchObject({ kind: 'mount' });
      expect(byId.nowhere!.message).toContain("no element matches '#nowhere'");

      // Each container shows the problem as text, in its shadow root.
      const text = (selector: string) => page.evaluate((s) => document.querySelector(s)?.shadowRoot?.textContent ?? '', selector);
      for (const id of ['#invalid', '#inline-invalid']) {
        expect(await text(id)).toContain('Cairn could not show this form');
        expect(await text(id)).toContain("steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?");
      }
      expect(await text('#inline-broken-json')).toMatch(/invalid JSON at line 1, column \d+/);
      expect(await text('#no-config')).toContain('<div id="no-config" data-cairn-form> has no config');
      expect(await text('#missing')).toContain('answered HTTP 404');
      expect(await text('#not-json')).toContain('is not JSON');
      expect(await text('#unreachable')).toContain(`could not load ${unreachable}`);
      // Three broken configs, one download of the wording, from beside cairn.js.
      expect(server.requests.filter((r) => r.path.endsWith('cairn-diagnostics.js')).map((r) => r.path)).toEqual(['/cairn-diagnostics.js']);
      // Nothing is rendered as HTML: the message is plain text nodes.
      expect(await page.evaluate(() => document.querySelector('#not-json')!.shadowRoot!.querySelector('body, html, script'))).toBeNull();

      // DOM events reached the page too (auto-mounted elements have no handle).
      expect(await page.evaluate(() => (window as any).domErrors.sort())).toEqual(
        ['inline-broken-json', 'inline-invalid', 'invalid', 'missing', 'no-config', 'not-json', 'unreachable'],
      );

      // The endpoint refuses the connection: the lead is kept in the outbox to retry, the visitor is
      // done (thank-you), the host hears `queued` (not an error: nothing is lost) and the console warns.
      const refused = page.locator('#refused');
      await refused.getByLabel('Email').fill('ada@example.com');
      await refused.getByRole('button', { name: 'Submit' }).click();
      await expect.poll(() => refused.getByText('Thank you!').isVisible(), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => page.evaluate(() => (window as any).cairnQueued)).toEqual([{ id: expect.any(String), retryable: true }]);
      expect(await page.evaluate(() => (window as any).cairnErrors.some((e: any) => e.id === 'refused'))).toBe(false);
      const kept = await page.evaluate(
        () =>
          new Promise<string[]>((ok) => {
            const r = indexedDB.open('cairn-outbox');
            r.onsuccess = () => {
              const all = r.result.transaction('entries').objectStore('entries').getAllKeys();
              all.onsuccess = () => ok(all.result as string[]);
            };
          }),
      );
      expect(kept).toEqual(await page.evaluate(() => (window as any).cairnQueued.map((q: any) => q.id)));

      // The console says what and where: element and URL.
      const cairnErrors = diagnostics.consoleErrors.filter((line) => line.startsWith('Cairn'));
      const logged = (needle: string) => cairnErrors.some((line) => line.includes(needle));
      expect(logged('<div id="invalid">') && logged('the config passed to Cairn.mount')).toBe(true);
      expect(logged('<div id="inline-invalid" data-cairn-form>')).toBe(true);
      expect(cairnErrors.find((line) => line.includes('<div id="missing">'))).toContain(`${server.url}/forms/missing.json`);
      expect(cairnErrors.find((line) => line.includes('<div id="not-json">'))).toContain(`${server.url}/not-json`);
      expect(logged("no element matches '#nowhere'")).toBe(true);
      expect(diagnostics.console.find((line) => line.includes('will be retried'))).toMatch(/^\[warning\] Cairn: a lead from <div id="refused"> is kept in the outbox and will be retried: /);

      // The page's own script ran after the embed and keeps running.
      expect(await page.evaluate(() => (window as any).afterEmbed)).toBe('ran');
      const ticks = await page.evaluate(() => (window as any).hostTicks as number);
      // (polled, not after a fixed 150 ms: a busy machine may run the 20 ms interval late, not never)
      await expect.poll(() => page.evaluate(() => (window as any).hostTicks as number), { timeout: 5_000 }).toBeGreaterThan(ticks);

      // Nothing reached window.onerror or unhandledrejection; Playwright saw no uncaught error.
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
      expect(diagnostics.pageErrors).toEqual([]);
    } finally {
      await browserContext.close();
    }
  });

  it('the diagnostics module is loaded from beside cairn.js, wherever the page is', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser, {
      extra: () => ['server requests:', ...server.requests.map((r) => `${r.method} ${r.path}`)],
    });
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      page.setDefaultTimeout(10_000);
      await watchPageErrors(page);
      await page.goto(`${server.url}/nested/page`);
      const text = () => page.evaluate(() => document.querySelector('#host')?.shadowRoot?.textContent ?? '');
      await expect.poll(text).toContain("steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?");
      expect(server.requests.some((r) => r.path === '/static/v1/cairn-diagnostics.js')).toBe(true);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await browserContext.close();
    }
  });

  it('when the diagnostics module cannot be loaded, every broken config still shows, logs and reports its paths', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser, {
      extra: () => ['server requests:', ...server.requests.map((r) => `${r.method} ${r.path}`)],
    });
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      page.setDefaultTimeout(10_000);
      await watchPageErrors(page);
      await page.goto(`${server.url}/no-diagnostics`);
      const text = (selector: string) => page.evaluate((s) => document.querySelector(s)?.shadowRoot?.textContent ?? '', selector);
      const missing = `(details could not be loaded: Failed to fetch dynamically imported module: ${server.url}/bare/cairn-diagnostics.js)`;

      await expect.poll(() => text('#from-url')).toContain('Cairn could not show this form');
      expect(await text('#from-url')).toContain(`steps[1].fields[0].type: invalid value ${missing}`);
      await expect.poll(() => text('#broken-json')).toContain(`(root): invalid json ${missing}`);
      await expect.poll(() => text('#api')).toContain(`steps[1].fields[0].type: invalid value ${missing}`);

      // The error event carries the message and the problems (path and code).
      const event = await page.evaluate(() =>
        (window as any).apiError.then((e: any) => ({ kind: e.kind, message: e.message, errors: e.errors })),
      );
      expect(event).toEqual({
        kind: 'config',
        message: `steps[1].fields[0].type: invalid value ${missing}`,
        errors: [{ path: 'steps[1].fields[0].type', code: 'invalid_value', message: 'invalid value' }],
      });

      // The console names the element, the config and the paths.
      const logged = diagnostics.consoleErrors.filter((line) => line.startsWith('Cairn could not show this form'));
      expect(logged.find((line) => line.includes('<div id="from-url" data-cairn-form="/forms/invalid.json">'))).toContain(
        `steps[1].fields[0].type: invalid value ${missing}`,
      );
      expect(logged.some((line) => line.includes('<div id="broken-json" data-cairn-form>') && line.includes('(root): invalid json'))).toBe(true);

      // A valid form on the same page is not affected, and nothing reached the page as an error.
      await expect.poll(() => page.locator('#valid').getByLabel('Email').isVisible()).toBe(true);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
      expect(diagnostics.pageErrors).toEqual([]);
    } finally {
      await browserContext.close();
    }
  });

  it('a listener that throws is logged, and neither stops the other listeners nor reaches the page', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await watchPageErrors(page);
      await page.goto(server.url);
      await page.waitForFunction(() => (window as any).Cairn);
      const calls = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const seen: string[] = [];
            const handle = (window as any).Cairn.mount(document.body.appendChild(document.createElement('div')), {});
            handle.on('error', () => {
              seen.push('first');
              throw new Error('host bug');
            });
            handle.on('error', () => {
              seen.push('second');
              setTimeout(() => resolve(seen), 50);
            });
          }),
      );
      expect(calls).toEqual(['first', 'second']);
      expect(diagnostics.consoleErrors.some((line) => line.includes("Cairn: error in a 'error' listener"))).toBe(true);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await browserContext.close();
    }
  });

  it('with dev: false the visitor sees a short notice; the details still reach the console and the error event', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => (window as any).Cairn);
      const event = await page.evaluate(
        (config) =>
          new Promise<{ kind: string; message: string }>((resolve) => {
            const div = document.body.appendChild(document.createElement('div'));
            div.id = 'quiet';
            (window as any).Cairn.mount(div, config, { dev: false }).on('error', resolve);
          }),
        INVALID_CONFIG,
      );
      expect(event.kind).toBe('config');
      expect(event.message).toContain('steps[1].fields[0].type');
      const shown = await page.evaluate(() => document.querySelector('#quiet')!.shadowRoot!.textContent);
      expect(shown).toBe('This form is not available right now.');
      expect(diagnostics.consoleErrors.some((line) => line.includes('<div id="quiet">') && line.includes('steps[1].fields[0].type'))).toBe(true);
    } finally {
      await browserContext.close();
    }
  });

  it('a config URL that never answers: after 10 s an error event and a notice, not an empty container forever (issue 14)', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await watchPageErrors(page);
      await page.goto(server.url);
      await page.waitForFunction(() => (window as any).Cairn);
      const event = await page.evaluate(
        () =>
          new Promise<{ kind: string; message: string; url: string; after: number }>((resolve) => {
            const div = document.body.appendChild(document.createElement('div'));
            div.id = 'hang';
            const start = performance.now();
            (window as any).Cairn.mount(div, '/forms/hang.json').on('error', (e: { kind: string; message: string; url: string }) => resolve({ ...e, after: performance.now() - start }));
          }),
      );
      expect(event).toMatchObject({ kind: 'load', url: `${server.url}/forms/hang.json` });
      expect(event.message).toContain(`could not load ${server.url}/forms/hang.json (no answer in 10 s)`);
      expect(event.after).toBeGreaterThan(9_000);
      expect(await page.evaluate(() => document.querySelector('#hang')!.shadowRoot!.textContent)).toContain('/forms/hang.json');
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await browserContext.close();
    }
  });

  it('a condition nested 1,000 deep: an error naming where and the limit, not "invalid" with no reason (issue 14)', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => (window as any).Cairn);
      const message = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            let when: object = { field: 'a', exists: true };
            for (let i = 0; i < 1000; i++) when = { not: when };
            const config = { id: 'deep', version: 1, steps: [{ id: 's', fields: [{ id: 'a', type: 'text', label: 'A' }, { id: 'b', type: 'text', label: 'B', when }] }], submit: { endpoint: '/leads' } };
            (window as any).Cairn.mount(document.body.appendChild(document.createElement('div')), config).on('error', (e: { message: string }) => resolve(e.message));
          }),
      );
      expect(message).toMatch(/steps\[0\]\.fields\[1\]\.when(\.not)+: the config nests more than 64 levels deep here/);
    } finally {
      await browserContext.close();
    }
  });

  it("a field id '__proto__' or 'constructor' leaves the page's Object.prototype as it was, and is named as the problem (issue 14)", async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await watchPageErrors(page);
      await page.goto(server.url);
      await page.waitForFunction(() => (window as any).Cairn);
      const seen = await page.evaluate(async () => {
        const before = Object.getOwnPropertyNames(Object.prototype).sort().join();
        const messages: string[] = [];
        for (const id of ['__proto__', 'constructor']) {
          const div = document.body.appendChild(document.createElement('div'));
          const config = JSON.parse(`{"id":"p","version":1,"steps":[{"id":"s","fields":[{"id":${JSON.stringify(id)},"type":"text"}]}],"submit":{"endpoint":"/leads"}}`);
          messages.push(await new Promise<string>((resolve) => (window as any).Cairn.mount(div, config).on('error', (e: { message: string }) => resolve(e.message))));
        }
        return { messages, same: Object.getOwnPropertyNames(Object.prototype).sort().join() === before };
      });
      expect(seen.same, 'Object.prototype unchanged').toBe(true);
      expect(seen.messages[0]).toContain("steps[0].fields[0].id: '__proto__' is a name every JavaScript object already has");
      expect(seen.messages[1]).toContain("steps[0].fields[0].id: 'constructor' is a name every JavaScript object already has");
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
    } finally {
      await browserContext.close();
    }
  });

  it('Cairn.mount never throws, whatever it is given', async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await watchPageErrors(page);
      await page.goto(server.url);
      await page.waitForFunction(() => (window as any).Cairn);
      const results = await page.evaluate(() => {
        const Cairn = (window as any).Cairn;
        const attempts: [string, () => unknown][] = [
          ['no arguments', () => Cairn.mount()],
          ['null target', () => Cairn.mount(null, {})],
          ['bad selector', () => Cairn.mount('##', {})],
          ['null config', () => Cairn.mount(document.createElement('div'), null)],
          ['number config', () => Cairn.mount(document.createElement('div'), 42)],
          ['text node', () => Cairn.mount(document.createTextNode('x'), {})],
          ['bad URL', () => Cairn.mount(document.createElement('div'), 'http://[')],
          ['listener not a function', () => Cairn.mount(document.createElement('div'), {}).on('error', 'nope')],
        ];
        return attempts.map(([name, attempt]) => {
          try {
            attempt();
            return `${name}: ok`;
          } catch (error) {
            return `${name}: threw ${error}`;
          }
        });
      });
      expect(results.filter((line) => !line.endsWith(': ok'))).toEqual([]);
      await page.waitForTimeout(100);
      expect(await readWatch(page)).toMatchObject({ errors: [], rejections: [] });
      expect(diagnostics.pageErrors).toEqual([]);
    } finally {
      await browserContext.close();
    }
  });
});
