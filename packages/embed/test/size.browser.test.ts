// What a landing page pays for a Cairn form: the bytes it downloads before the form is
// interactive (cairn.js, and anything cairn.js loads before then), gzip -9. The later chunks —
// cairn-later.js (loaded once the form is interactive and the page idle: whole-form config rules,
// the page runtime), cairn-page-engine.js (the delivery engine: only once the visitor answers, or
// an earlier page left a lead in the outbox) and cairn-diagnostics.js (loaded only for a broken
// config) — are reported separately, and so is all the JavaScript each of three typical pages
// loads, for a visitor who reads and leaves and for one who answers. Brotli figures beside gzip.
// Also: no zod in cairn.js, no CSP- or HTML-unsafe identifiers in any file, and no global but
// `Cairn`.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markInteractive } from './interactive.js';
import { launchChromium, openPage } from '../../../scripts/browser/chromium.js';
import { CAIRN_JS, DIAGNOSTICS_JS, EMBED_PATHS, LATER_JS, ensureEmbedBuilt, startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';

/**
 * The ceiling, in bytes of gzip -9, for everything loaded before the form is interactive.
 * DESIGN.md: aim for 16 KB. If the growth is intended, raise the ceiling in this file in the
 * same commit (and say why in the commit message).
 *
 * 20 KB until issue 10 (readable source): splitting createSession into values / visibility /
 * navigation / submission parts (+217 B: ~50 values passed between the parts), CairnForm and
 * Field (+29 B), mountSource (+50 B), and handing cairn.js's functions to the later chunks
 * (+84 B here, −2.3 KB in cairn-later.js) took it to 20.25 KB (20,731 B). Issue 11 takes it to 16 KB by
 * moving what is not needed before the first field is interactive off the critical path.
 */
/*
 * 20 KB since issue 11: the renderer binds to signals with a class over Preact's own `Component`
 * instead of preact/hooks (−793 B), which paid for rendering a form without a pool before the
 * stored profile is read (+88 B): 20,258 B. What 16 KB still needs is in docs/benchmarks.md.
 */
/*
 * 20,800 B since issue 12 (installable and deployable), measured step by step from 20,274 B:
 * chunks found through `data-cairn-base` or a mount's `base` (+70 B), `data-cairn-dev` and dev
 * off by default on a real site (+116 B), naming a deploy mistake at once — which chunk did not
 * load and why (missing, wrong MIME type, refused by CORS), probed with `fetch` — with `ready`
 * only once the whole config passed (+312 B): 20,772 B. The 16 KB aim (issue 11) stands.
 */
/*
 * 20,950 B since issue 13: `<cairn-form>`'s `src`, `config` and `options` properties (set from
 * script or a framework, each remounting the form) took it from 20,772 B to 20,905 B (+133 B).
 */
/*
 * 21,040 B since issue 14 (hardening): host markup cannot clobber the script tag (`currentScript`
 * read through Document's own getter, +15 B), custom field components for the framework wrappers
 * (+16 B, issue 13), and ids that are names every JavaScript object has (`__proto__`,
 * `constructor`…) refused before anything renders — a field id `__proto__` polluted the host
 * page's Object.prototype (+80 B, the pattern in the shape descriptor): 21,026 B; a config URL
 * that never answers fails after 10 s (+14 B, the later chunk's timeout shared): 21,040 B. 21,140 B:
 * a page whose markup is named `Cairn` no longer keeps Cairn from starting, and a page script's
 * own `window.Cairn` is kept and named on the console (+92 B): 21,132 B. 21,220 B: listeners get
 * frozen copies of the lead and `beforeSubmit` may change or cancel it (the session asks the
 * runtime for both, so the copying and the checks live in cairn-later.js; +81 B here): 21,213 B.
 * 21,270 B: a config over 16 KB is checked whole (size limits included) before it renders, so a
 * config far past the limits cannot freeze the page (+47 B): 21,260 B. 21,440 B: one live region
 * per step naming the fields in error instead of one alert per field (+130 B: the summary and its
 * visually-hidden style), and a fetched config read in the charset its server declares (+40 B):
 * 21,433 B. 21,460 B: the API also at `customElements.get('cairn-form').Cairn`, for a page whose
 * own script owns `window.Cairn` (+20 B): 21,453 B. 21,640 B: a page with a form left before its
 * view was recorded keeps the view for the next page (pagehide → sessionStorage, where the forms
 * may store: +182 B; 8 views were counted as 5 at 300 ms a page): 21,635 B.
 */
const CEILING = 21_640;
const AIM = 16 * 1024;
/**
 * cairn-diagnostics.js (parseForm, zod/mini and the wording) is a later chunk: only a page
 * with a broken config loads it. Its ceiling catches a wrong zod import (`import { z } from
 * 'zod'` alone is ≈100 KB); if the growth is intended, raise the ceiling in this file in the
 * same commit. 17 KB since issue 14: what CRM destinations lack (unmapped required fields,
 * HubSpot names, unmarked partial leads), untrimmed options, built-in names and the nesting
 * limit, each with its words: 15,509 → 16,561 B.
 */
const DIAGNOSTICS_CEILING = 17 * 1024;
/**
 * cairn-later.js is fetched right after the form is interactive (at idle time or the first
 * touch): not on the critical path, but every visitor downloads it. If the growth is intended,
 * raise the ceiling in this file in the same commit.
 */
// 6 KB until issues 5 and 4 (delivery, scoring: 28 KB); 15 KB since issue 11 moved the delivery
// engine, the lead's score and the view after it out to cairn-page-engine.js (cairn-later.js 23.3
// → 12.98 KB): the page runtime, the profile store, behaviour signals, analytics, partial leads,
// whole-form rules.
const LATER_CEILING = 15 * 1024;
/**
 * cairn-page-engine.js, the engine part: the delivery engine (outbox, retries, transports, request
 * builders, last-chance requests, enrichment), the lead's score and the view after it. Loaded when
 * the visitor's focus enters the form or at their first answer (so it is there by the click), when
 * an earlier page left a lead in the outbox, or at once for a form that scores live. 11.75 KB since
 * issue 11. 13.5 KB since issue 14: the lead's JSON written by our own serializer (a host's
 * `Array.prototype.toJSON` no longer mangles it) and a page CSP that refuses the endpoint named
 * (+467 B): 13,513 B.
 */
const ENGINE_CEILING = 13.5 * 1024;

/** Must never appear in either file (strict CSP; no HTML sinks). vite.shared.ts fails the build on the same list. */
const FORBIDDEN = ['new Function', 'eval(', 'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write'];
/** Traces of zod: cairn.js checks configs with checkForm and must not carry any of it. */
const ZOD_MARKERS = ['_zod', '$ZodType', '__zod_globalConfig'];

const gzip = (data: Buffer | string) => gzipSync(data, { level: 9 }).length;
const brotli = (data: Buffer | string) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/**
 * All the JavaScript a typical page loads, gzip -9, for a visitor who reads and leaves (the form
 * interactive, the page idle, cairn-later.js there) and for one who answers (+ cairn-page-engine.js:
 * the delivery engine, the lead's score and the view after it). A scored form (or one whose
 * conditions read the score, an email domain, a profile key or a signal) scores live, so its
 * page loads the engine part for every visitor. Before issue 11 every page loaded 43.13 KB; since
 * then a plain or HubSpot page 32.78 KB for a reader, a scored page 44.53 KB, any page 44.53 KB
 * for a visitor who answers. The ceilings leave room for fixes. 48 KB for one who answers since
 * issue 14: CRM destinations checked at config time and sent only mapped values (their standard
 * names, partial-lead rules), consent across tabs, no false "Thank you": 47.24 KB. 36 KB / 49 KB
 * since issue 14's frozen copies of the lead and `beforeSubmit` (+0.33 KB) and the size limits and
 * pattern check every config passes (+0.4 KB): 35.38 KB for a reader, 48.12 KB for one who answers.
 * 49.5 KB for one who answers since the rest of issue 14 this session (one live region per step,
 * declared charsets, the lead's own JSON serializer, CSP named, page views kept for the next page):
 * 49.08 KB.
 */
const ENGINE_PART = ['/cairn.js', '/cairn-later.js', '/cairn-page-engine.js'];
const TYPICAL_PAGE_CEILINGS = { reads: 36 * 1024, answers: 49.5 * 1024 };
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

const INLINE_FORM = {
  id: 'size',
  version: 1,
  steps: [{ id: 'one', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { endpoint: '/leads' },
};

const demoRequest = JSON.parse(readFileSync(new URL('../../../examples/landing-page/forms/demo-request.json', import.meta.url), 'utf8'));
/** Each page's form, what a reader's page loads, and their ceilings (gzip -9). */
const TYPICAL_PAGES: Record<string, { form: object; reads: string[]; ceilings: typeof TYPICAL_PAGE_CEILINGS }> = {
  'a plain form': { form: INLINE_FORM, reads: ['/cairn.js', '/cairn-later.js'], ceilings: TYPICAL_PAGE_CEILINGS },
  'a scored form with profiling (the demo request)': {
    form: { ...demoRequest, submit: { endpoint: '/leads' } },
    reads: ENGINE_PART,
    ceilings: { reads: TYPICAL_PAGE_CEILINGS.answers, answers: TYPICAL_PAGE_CEILINGS.answers },
  },
  'a form sending to HubSpot': {
    form: {
      ...INLINE_FORM,
      submit: { destinations: [{ id: 'hubspot', format: 'hubspot', portalId: 1234567, formGuid: '0a1b2c3d-4e5f-6789-abcd-ef0123456789', fields: { email: 'email' } }] },
    },
    reads: ['/cairn.js', '/cairn-later.js'],
    ceilings: TYPICAL_PAGE_CEILINGS,
  },
};

let browser: Browser;
let server: TestServer;
let bundle: Buffer;
let diagnosticsBundle: Buffer;
let laterBundle: Buffer;
let engineBundle: Buffer;
const ENGINE_JS = EMBED_PATHS['/cairn-page-engine.js']!;

beforeAll(async () => {
  ensureEmbedBuilt();
  bundle = readFileSync(CAIRN_JS);
  diagnosticsBundle = readFileSync(DIAGNOSTICS_JS);
  laterBundle = readFileSync(LATER_JS);
  engineBundle = readFileSync(ENGINE_JS);
  server = await startTestServer({
    '/empty': { body: testPage('<main></main>', { script: false }) },
    '/inline': {
      body: testPage(
        `<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(INLINE_FORM)}</script></div>`,
      ),
    },
    ...Object.fromEntries(
      Object.values(TYPICAL_PAGES).map(({ form }, i) => [
        `/typical-${i}`,
        { body: testPage(`<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(form)}</script></div>`) },
      ]),
    ),
    '/broken': {
      body: testPage(
        `<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify({ ...INLINE_FORM, steps: [] })}</script></div>`,
      ),
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('cairn.js budget', () => {
  it(`what a page downloads before the form is interactive is at most ${kb(CEILING)} gzip`, async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      // Everything the page fetches until the form is interactive (inline config: no config
      // request), by the browser's own resource timing against the moment its field appeared.
      await page.addInitScript(markInteractive);
      await page.goto(`${server.url}/inline`);
      await page.waitForFunction(() => (window as any).__interactiveAt !== undefined);
      // …and, just after, the later chunk (it must be on its way without waiting for the visitor).
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/cairn-later.js')));
      const loads = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .map((r) => ({ path: new URL(r.name).pathname, before: r.startTime < (window as any).__interactiveAt }))
          // JS and CSS (the page's favicon is the page's, not ours)
          .filter((r) => /\.(m?js|css)$/.test(r.path)),
      );
      expect(loads.filter((r) => r.before).map((r) => r.path)).toEqual(['/cairn.js']);
      expect(loads.filter((r) => !r.before).map((r) => r.path)).toEqual(['/cairn-later.js']);
    } finally {
      await browserContext.close();
    }

    const size = gzip(bundle);
    console.log(
      `cairn.js: ${kb(bundle.length)} minified, ${kb(size)} gzip -9, ${kb(brotli(bundle))} brotli -q 11 (ceiling ${kb(CEILING)}, aim ${kb(AIM)}); ` +
        `nothing else is loaded before the form is interactive\n` +
        `later chunk, cairn-later.js (once the form is interactive and the page idle): ${kb(laterBundle.length)} minified, ` +
        `${kb(gzip(laterBundle))} gzip -9, ${kb(brotli(laterBundle))} brotli (ceiling ${kb(LATER_CEILING)})\n` +
        `later chunk, cairn-page-engine.js (with the visitor's first answer): ${kb(engineBundle.length)} minified, ` +
        `${kb(gzip(engineBundle))} gzip -9, ${kb(brotli(engineBundle))} brotli (ceiling ${kb(ENGINE_CEILING)})\n` +
        `later chunk, cairn-diagnostics.js (only for a broken config): ${kb(diagnosticsBundle.length)} minified, ` +
        `${kb(gzip(diagnosticsBundle))} gzip -9, ${kb(brotli(diagnosticsBundle))} brotli (ceiling ${kb(DIAGNOSTICS_CEILING)})`,
    );
    expect(
      gzip(laterBundle),
      `cairn-later.js is ${kb(gzip(laterBundle))} gzip, over its ${kb(LATER_CEILING)} ceiling; if the growth is intended, raise the ceiling in this file in the same commit.`,
    ).toBeLessThanOrEqual(LATER_CEILING);
    expect(
      gzip(engineBundle),
      `cairn-page-engine.js is ${kb(gzip(engineBundle))} gzip, over its ${kb(ENGINE_CEILING)} ceiling; if the growth is intended, raise the ceiling in this file in the same commit.`,
    ).toBeLessThanOrEqual(ENGINE_CEILING);
    expect(
      size,
      `cairn.js is ${kb(size)} gzip, over the ${kb(CEILING)} ceiling. Find what grew (build variants of the entry, ` +
        `see packages/embed/README.md); if the growth is intended, raise the ceiling in this file in the same commit.`,
    ).toBeLessThanOrEqual(CEILING);
  });

  it('all the JavaScript each typical page loads, for a visitor who reads and one who answers, is under its ceiling', async (context) => {
    const files: Record<string, Buffer> = Object.fromEntries(Object.entries(EMBED_PATHS).map(([path, file]) => [path, readFileSync(file)]));
    const rows: string[] = [];
    for (const [i, [name, typical]] of Object.entries(TYPICAL_PAGES).entries()) {
      const { context: browserContext, page, diagnostics } = await openPage(browser);
      context.onTestFailed(() => console.log(diagnostics.dump()));
      try {
        const scripts = () =>
          page.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((r) => new URL(r.name).pathname)
              .filter((path) => /\.m?js$/.test(path)),
          );
        const weigh = async (visitor: keyof typeof TYPICAL_PAGE_CEILINGS) => {
          const loaded = await scripts();
          expect(loaded.filter((path) => !files[path]), `${name}: scripts the test cannot weigh`).toEqual([]);
          expect(loaded).not.toContain('/cairn-diagnostics.js');
          const total = { gzip: 0, brotli: 0 };
          for (const path of loaded) (total.gzip += gzip(files[path]!)), (total.brotli += brotli(files[path]!));
          rows.push(`  ${name}, a visitor who ${visitor}: ${loaded.join(' + ')} = ${kb(total.gzip)} gzip -9, ${kb(total.brotli)} brotli (ceiling ${kb(typical.ceilings[visitor])})`);
          const ceiling = typical.ceilings[visitor];
          expect(total.gzip, `${name}: a visitor who ${visitor} loads ${kb(total.gzip)} of JavaScript (gzip), over its ${kb(ceiling)} ceiling`).toBeLessThanOrEqual(ceiling);
          return loaded;
        };
        await page.goto(`${server.url}/typical-${i}`);
        await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/cairn-later.js')));
        await page.waitForTimeout(1_000); // anything a page loads after that: only what the form needs before the visitor answers
        expect(await weigh('reads')).toEqual(typical.reads);
        // The first answer brings the delivery engine, so that it is there by the click.
        await page.locator('#host input[name="email"]').fill('ada@example.com');
        await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/cairn-page-engine.js')), undefined, { timeout: 10_000 });
        expect(await weigh('answers')).toEqual(ENGINE_PART);
      } finally {
        await browserContext.close();
      }
    }
    console.log(`JavaScript per typical page:\n${rows.join('\n')}`);
  });

  it(`the later chunk, cairn-diagnostics.js, is loaded only for a broken config and is at most ${kb(DIAGNOSTICS_CEILING)} gzip`, async (context) => {
    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      await page.goto(`${server.url}/broken`);
      await page.waitForFunction(() => /steps: /.test(document.querySelector('#host')?.shadowRoot?.textContent ?? ''));
      expect(scripts).toEqual(['/cairn.js', '/cairn-diagnostics.js']);
    } finally {
      await browserContext.close();
    }
    const size = gzip(diagnosticsBundle);
    expect(
      size,
      `cairn-diagnostics.js is ${kb(size)} gzip, over the ${kb(DIAGNOSTICS_CEILING)} ceiling. Find what grew; ` +
        `if the growth is intended, raise the ceiling in this file in the same commit.`,
    ).toBeLessThanOrEqual(DIAGNOSTICS_CEILING);
  });

  it('the condition evaluator and the shape check ship once: the later chunks call what cairn.js carries', () => {
    // Each file's source map names the modules it was built from, with their source. A later
    // chunk's module that cairn.js carries is a stub calling into what cairn.js hands over (its
    // source is generated: `import { linked } …`); what cairn.js does not carry of a module comes
    // as `<module>?cairn-own`. (The build itself fails if any function cairn.js carries is bundled
    // again: packages/embed/build/build.mjs.)
    const sourcesOf = (file: string) => {
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; sourcesContent: string[] };
      return new Map(map.sources.map((source, i) => [source, map.sourcesContent[i] ?? '']));
    };
    const carried = sourcesOf(CAIRN_JS);
    const once = /conditions\/evaluate-condition\.ts|schema\/check-shape\.ts|schema\/generated\/form-shape\.generated\.ts/;
    expect([...carried.keys()].filter((source) => once.test(source))).toHaveLength(3);
    for (const file of [LATER_JS, ENGINE_JS, DIAGNOSTICS_JS]) {
      const again = [...sourcesOf(file)].filter(([source, content]) => once.test(source) && !content.startsWith('import { linked }'));
      expect(again.map(([source]) => source), `${file} bundles again what cairn.js carries`).toEqual([]);
    }
    expect(sourcesOf(LATER_JS).get('../../core/src/conditions/evaluate-condition.ts')).toMatch(/^import \{ linked \}/);
  });

  it('the engine part bundles no module of cairn-later.js or cairn.js again: it imports what it shares from cairn-later.js', () => {
    const sources = (file: string) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources;
    const engine = sources(ENGINE_JS);
    expect(engine.some((source) => source.endsWith('runtime/page-engine.ts'))).toBe(true);
    for (const file of [CAIRN_JS, LATER_JS]) {
      const there = new Set(sources(file));
      expect(engine.filter((source) => there.has(source)), `modules in both cairn-page-engine.js and ${file}`).toEqual([]);
    }
    expect(engineBundle.toString('utf8')).toMatch(/from\s*"\.\/cairn-later\.js"/);
  });

  it('cairn-later.js and cairn-page-engine.js contain no zod either (every visitor who answers downloads them)', () => {
    for (const file of [laterBundle, engineBundle]) {
      const text = file.toString('utf8');
      expect(ZOD_MARKERS.filter((word) => text.includes(word))).toEqual([]);
    }
  });

  it('cairn.js contains no zod (it checks configs with checkForm; the wording is in cairn-diagnostics.js)', () => {
    const text = bundle.toString('utf8');
    const found = ZOD_MARKERS.filter((word) => text.includes(word));
    expect(found, `cairn.js contains ${found.join(', ')}: something on the happy path imports zod (or parseForm)`).toEqual([]);
  });

  it('no file contains eval, new Function or HTML-string sinks', () => {
    for (const [name, file] of [['cairn.js', bundle], ['cairn-later.js', laterBundle], ['cairn-page-engine.js', engineBundle], ['cairn-diagnostics.js', diagnosticsBundle]] as const) {
      const text = file.toString('utf8');
      const found = FORBIDDEN.filter((word) => text.includes(word));
      expect(found, `${name} contains ${found.join(', ')}: find the module that brought it in`).toEqual([]);
    }
  });

  it('is one IIFE that defines no global but window.Cairn, even once the diagnostics module has run', async (context) => {
    const code = bundle.toString('utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '').trim();
    // Nothing outside the function: no top-level var/let/const/class/function.
    expect((code.startsWith('(function(){') && /\}\)\(\);?$/.test(code)) || (code.startsWith('!function(){') && /\}\(\);?$/.test(code))).toBe(true);

    const { context: browserContext, page, diagnostics } = await openPage(browser);
    context.onTestFailed(() => console.log(diagnostics.dump()));
    try {
      await page.goto(`${server.url}/empty`);
      const globals = () => page.evaluate(() => Object.getOwnPropertyNames(window));
      const before = new Set(await globals());
      await page.addScriptTag({ url: '/cairn.js' });
      await page.waitForFunction(() => (window as any).Cairn);
      const added = (await globals()).filter((name) => !before.has(name));
      expect(added).toEqual(['Cairn']);
      const cairn = await page.evaluate(() => ({
        keys: Object.keys((window as any).Cairn).sort(),
        version: (window as any).Cairn.version,
        element: typeof customElements.get('cairn-form'),
      }));
      expect(cairn).toEqual({ keys: ['consent', 'forget', 'mount', 'profile', 'track', 'version'], version: expect.stringMatching(/^\d+\.\d+\.\d+/), element: 'function' });

      // A broken config loads cairn-diagnostics.js (zod/mini inside): still no new global.
      const message = await page.evaluate(
        () => new Promise<string>((resolve) => (window as any).Cairn.mount(document.body.appendChild(document.createElement('div')), {}).on('error', (e: any) => resolve(e.message))),
      );
      expect(message).toContain("(root): missing 'id'");
      expect((await globals()).filter((name) => !before.has(name))).toEqual(['Cairn']);
    } finally {
      await browserContext.close();
    }
  });
});
