// `npm run bench:tti`: time to an interactive first field in headless Chromium (DESIGN.md
// "Budgets"), for the same 3-field form rendered six ways, in one run, interleaved:
//
//   plain      a hand-written DOM form (a tiny inline script at the end of <body>)
//   plain-script the same hand-written DOM code as an external `<script src defer>` in <head>,
//              loaded the way cairn.js is: the floor for any script-tag embed
//   inline     cairn.js (deferred, in <head>) with an inline config
//   fetch      cairn.js fetching its form JSON from the same server
//   surveyjs   SurveyJS (survey-core + survey-js-ui, the framework-free UI, with its CSS)
//   formbricks Formbricks' survey renderer (@formbricks/surveys, its UMD build: Preact, its own
//              CSS), `renderSurveyInline` with the same questions (one per screen, as it shows them)
//   returning  cairn.js with an inline config, for a visitor with a stored profile
//
// "Interactive first field": the first <input>/<select>/<textarea> exists (for Cairn, inside
// the open shadow root of the host), takes focus (`focus()` then `activeElement` is it) and, for
// `returning`, shows the stored answer (a form without a pool renders first and is prefilled
// when the profile read lands: the visitor's form is ready only then).
// Timed in the page with `performance.now()` (from navigation start) by a probe, the first
// script in <head>: a MutationObserver on the document and on every shadow root attached
// (attachShadow is wrapped to observe it), a `cairn:ready` listener, and a 1 ms poll only
// while a field exists but cannot take focus yet.
//
// Every load gets a fresh browser context (no HTTP cache, no storage). Its tab first opens a
// blank page of the same origin (for `returning` that page stores the profile in IndexedDB —
// `cairn-profile`/`profile`/`profile`, the shape of packages/core/src/profile/idb-store.ts),
// then navigates to the variant: all six navigations start from the same state, in a renderer
// process that is already running, so process start-up is not part of the figure.
// The server is on 127.0.0.1 and sends `Cache-Control: no-store`; CPU throttling is off (1×)
// unless CAIRN_TTI_CPU says otherwise (e.g. 4: the page's CPU slowed 4×, a mid-range phone).
//
// Budgets checked (exit 1 when one fails): median(inline) ≤ 2 × median(plain), and
// median(surveyjs) ≥ 10 × median(inline). `--runs N` or CAIRN_TTI_LOADS (30 measured loads per
// variant), CAIRN_TTI_WARMUP (3 rounds, discarded), CAIRN_TTI_SEED (shuffle seed), CAIRN_TTI_CPU
// (CPU slowdown, default 1).
// Figures: docs/benchmarks.md "Time to an interactive first field".
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../scripts/browser/chromium.js';
import { ensureEmbedBuilt, ROOT, startTestServer, type Route, type TestServer } from '../../../scripts/browser/servers.js';

/** `--runs N` on the command line, or CAIRN_TTI_LOADS: measured loads per variant. */
const runsFlag = process.argv.indexOf('--runs');
const LOADS = Number(runsFlag > 0 ? process.argv[runsFlag + 1] : (process.env.CAIRN_TTI_LOADS ?? 30));
const WARMUP = Number(process.env.CAIRN_TTI_WARMUP ?? 3);
const SEED = Number(process.env.CAIRN_TTI_SEED ?? 20251122);
/** CPU slowdown of every measured page (Chromium's `Emulation.setCPUThrottlingRate`; 1 = none). */
const CPU = Number(process.env.CAIRN_TTI_CPU ?? 1);
const MAX_VS_PLAIN = 2;
const MIN_VS_SURVEYJS = 10;

const FIELDS = [
  { id: 'email', type: 'email', label: 'Work email', required: true },
  { id: 'name', type: 'text', label: 'Name' },
  { id: 'company', type: 'text', label: 'Company' },
];
const FORM = { id: 'bench', version: 1, steps: [{ id: 'you', fields: FIELDS }], submit: { endpoint: '/leads' } };
const SURVEY = {
  elements: FIELDS.map((f) => ({
    type: 'text',
    name: f.id,
    title: f.label,
    ...(f.type == 'email' ? { inputType: 'email' } : {}),
    ...(f.required ? { isRequired: true } : {}),
  })),
};
const EMAIL = 'ada@example.com';

/** The same questions for Formbricks' renderer (the survey shape of @formbricks/surveys 1.99). */
const FORMBRICKS_PROPS = {
  brandColor: '#1f5fd1',
  containerId: 'fb',
  isBrandingEnabled: false,
  languageCode: 'default',
  survey: {
    id: 'bench',
    name: 'bench',
    type: 'link',
    status: 'inProgress',
    welcomeCard: { enabled: false },
    thankYouCard: { enabled: false },
    hiddenFields: { enabled: false },
    questions: FIELDS.map((f) => ({ id: f.id, type: 'openText', headline: f.label, required: !!f.required, inputType: f.type, placeholder: '' })),
  },
};
const SURVEY_DIR = join(ROOT, 'packages', 'bench', 'node_modules');
const SURVEY_FILES = {
  '/survey/survey.core.min.js': join(SURVEY_DIR, 'survey-core', 'survey.core.min.js'),
  '/survey/survey-js-ui.min.js': join(SURVEY_DIR, 'survey-js-ui', 'survey-js-ui.min.js'),
  '/survey/survey-core.fontless.min.css': join(SURVEY_DIR, 'survey-core', 'survey-core.fontless.min.css'),
  '/formbricks/index.umd.js': join(SURVEY_DIR, '@formbricks', 'surveys', 'dist', 'index.umd.js'),
};

/** The first script of every page: records when the first field exists, takes focus and shows `__tti.expect` (if set). */
const PROBE = `<script>(function () {
  var w = window, done = false, polling = false, observer;
  var out = (w.__tti = { start: performance.now(), t: 0, via: '', ready: 0, value: null, tag: '' });
  var FIELD = 'input:not([type=hidden]),select,textarea';
  function find() {
    var el = document.querySelector(FIELD);
    if (el) return el;
    var hosts = document.querySelectorAll('[data-cairn-form]');
    for (var i = 0; i < hosts.length; i++) {
      var root = hosts[i].shadowRoot;
      if (root && (el = root.querySelector(FIELD))) return el;
    }
    return null;
  }
  function check(via) {
    if (done) return;
    var el = find();
    if (!el) return;
    el.focus({ preventScroll: true });
    if (el.getRootNode().activeElement !== el || (out.expect && el.value !== out.expect)) {
      if (!polling) { polling = true; (function poll() { check('poll'); if (!done) setTimeout(poll, 1); })(); }
      return;
    }
    out.t = performance.now();
    done = true;
    out.via = via;
    out.value = el.value;
    out.tag = el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '');
    observer.disconnect();
  }
  observer = new MutationObserver(function () { check('mutation'); });
  observer.observe(document, { childList: true, subtree: true });
  var attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    var root = attach.call(this, init);
    if (!done) observer.observe(root, { childList: true, subtree: true });
    return root;
  };
  document.addEventListener('cairn:ready', function () { out.ready = performance.now(); check('cairn:ready'); }, true);
})();</script>`;

/** `expect`: the value the first field must show before it counts (a returning visitor's stored answer). */
const page = (head: string, body: string, expect = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TTI bench</title>${PROBE}` +
  `${expect && `<script>__tti.expect = ${JSON.stringify(expect)};</script>`}${head}</head><body><main>${body}</main></body></html>`;

const PLAIN_CODE = `(function () {
  var form = document.createElement('form');
  form.action = '/leads';
  form.method = 'post';
  ${JSON.stringify(FIELDS)}.forEach(function (f) {
    var label = document.createElement('label');
    label.textContent = f.label;
    var input = document.createElement('input');
    input.type = f.type; input.name = f.id; input.required = !!f.required;
    label.appendChild(input);
    form.appendChild(label);
  });
  var button = document.createElement('button');
  button.textContent = 'Submit';
  form.appendChild(button);
  document.getElementById('form').appendChild(form);
})();`;
const PLAIN_SCRIPT = `<script>${PLAIN_CODE}</script>`;

const CAIRN = '<script src="/cairn.js" defer></script>';
const INLINE = `<div data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(FORM)}</script></div>`;

interface Variant {
  name: string;
  what: string;
  path: string;
  html: string;
  /** Runs in the blank page visited first, in the same context (seeds storage). */
  before?: (url: string) => Promise<void> | void;
  /** The value the first field must show (checks the variant did what it says). */
  expectValue: string;
}

const VARIANTS: Variant[] = [
  { name: 'plain', what: 'hand-written DOM (inline script)', path: '/plain', html: page('', `<div id="form"></div>${PLAIN_SCRIPT}`), expectValue: '' },
  {
    name: 'plain-script',
    what: 'hand-written DOM (external deferred script)',
    path: '/plain-script',
    html: page('<script src="/plain.js" defer></script>', '<div id="form"></div>'),
    expectValue: '',
  },
  { name: 'inline', what: 'cairn.js, inline config', path: '/inline', html: page(CAIRN, INLINE), expectValue: '' },
  { name: 'fetch', what: 'cairn.js, fetches /forms/x.json', path: '/fetch', html: page(CAIRN, '<div data-cairn-form="/forms/x.json"></div>'), expectValue: '' },
  {
    name: 'surveyjs',
    what: 'SurveyJS 2.5.38 (survey-core + survey-js-ui)',
    path: '/surveyjs',
    html: page(
      '<link rel="stylesheet" href="/survey/survey-core.fontless.min.css">',
      '<div id="survey"></div><script src="/survey/survey.core.min.js"></script><script src="/survey/survey-js-ui.min.js"></script>' +
        `<script>new Survey.Model(${JSON.stringify(SURVEY)}).render(document.getElementById('survey'));</script>`,
    ),
    expectValue: '',
  },
  {
    name: 'formbricks',
    what: "Formbricks' renderer (@formbricks/surveys)",
    path: '/formbricks',
    html: page(
      '',
      '<div id="fb"></div><script src="/formbricks/index.umd.js"></script>' +
        `<script>formbricksSurveys.renderSurveyInline(${JSON.stringify(FORMBRICKS_PROPS)});</script>`,
    ),
    expectValue: '',
  },
  { name: 'returning', what: 'cairn.js, inline config, stored profile', path: '/returning', html: page(CAIRN, INLINE, EMAIL), expectValue: EMAIL },
];

/** What the blank page stores for `returning`: the visitor submitted this form before. */
function storeProfile(pageUrl: string) {
  const learnedAt = new Date(Date.now() - 86_400_000).toISOString();
  const entry = (value: string) => ({ value, learnedAt, source: { form: 'bench', page: pageUrl } });
  return { email: entry(EMAIL), name: entry('Ada Lovelace'), company: entry('Analytical Engines') };
}

interface Sample {
  t: number;
  /** When the probe, the first script in <head>, ran. */
  start: number;
  ready: number;
  responseEnd: number;
}

async function loadOnce(browser: Browser, server: TestServer, variant: Variant): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const blank = await context.newPage();
    await blank.goto(server.url + '/blank');
    if (variant.name == 'returning') {
      const profile = storeProfile(server.url + variant.path);
      await blank.evaluate(
        (profile) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('cairn-profile');
            open.onupgradeneeded = () => open.result.createObjectStore('profile');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction('profile', 'readwrite');
              tx.objectStore('profile').put(profile, 'profile');
              tx.oncomplete = () => (db.close(), resolve());
              tx.onerror = () => reject(tx.error);
            };
          }),
        profile,
      );
    }
    // The measured navigation replaces the blank page in its tab (same origin: same renderer
    // process), so what is timed is the page's own work, not starting a process.
    const page = blank;
    if (CPU > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() == 'error' && errors.push(message.text()));
    await page.goto(server.url + variant.path);
    const handle = await page.waitForFunction(() => (window as any).__tti.t > 0 && (window as any).__tti, null, { timeout: 15_000 });
    const tti = (await handle.jsonValue()) as { start: number; t: number; ready: number; value: string; tag: string; via: string };
    if (errors.length) throw Error(`${variant.name}: page errors: ${errors.join(' | ')}`);
    if (tti.value !== variant.expectValue) throw Error(`${variant.name}: first field ${tti.tag} shows '${tti.value}', expected '${variant.expectValue}'`);
    const responseEnd = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd);
    return { t: tti.t, ready: tti.ready, responseEnd, start: tti.start };
  } finally {
    await context.close();
  }
}

const quantile = (sorted: number[], q: number) => {
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo]! + (sorted[Math.ceil(i)]! - sorted[lo]!) * (i - lo);
};
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);

/** mulberry32: the same interleaving for the same seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<number> {
  const missing = Object.values(SURVEY_FILES).filter((file) => !existsSync(file));
  if (missing.length) {
    console.error(`SurveyJS is not installed (missing ${missing.join(', ')}): run \`npm run build\` (it installs the workspace, packages/bench devDependencies included).`);
    return 1;
  }
  ensureEmbedBuilt({ log: (line) => console.log(line) });
  const surveyVersion = JSON.parse(readFileSync(join(SURVEY_DIR, 'survey-core', 'package.json'), 'utf8')).version;

  const routes: Record<string, Route> = {
    '/blank': { body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>' },
    '/forms/x.json': { body: JSON.stringify(FORM), type: 'application/json' },
    '/favicon.ico': { status: 204, body: '' },
    '/plain.js': { body: PLAIN_CODE, type: 'text/javascript' },
  };
  for (const variant of VARIANTS) routes[variant.path] = { body: variant.html };
  for (const [path, file] of Object.entries(SURVEY_FILES)) routes[path] = { body: readFileSync(file) };

  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const samples = new Map<string, Sample[]>(VARIANTS.map((v) => [v.name, []]));
  const load = { before: loadavg()[0]!, after: 0 };
  let version = '';
  const started = Date.now();
  try {
    server = await startTestServer(routes);
    browser = await launchChromium();
    version = browser.version();
    const next = random(SEED);
    for (let round = 0; round < WARMUP + LOADS; round++) {
      // Fisher–Yates: a different order every round, so no variant always follows another.
      const order = [...VARIANTS];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const variant of order) {
        const sample = await loadOnce(browser, server, variant);
        if (round >= WARMUP) samples.get(variant.name)!.push(sample);
      }
      process.stdout.write(round < WARMUP ? 'w' : '.');
    }
    process.stdout.write('\n');
  } finally {
    await browser?.close();
    await server?.close();
  }
  load.after = loadavg()[0]!;

  const rows = VARIANTS.map((variant) => {
    const list = samples.get(variant.name)!;
    const sorted = list.map((s) => s.t).sort((a, b) => a - b);
    const readies = list.map((s) => s.ready).filter((t) => t > 0);
    return {
      variant,
      median: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      ready: readies.length ? median(readies) : NaN,
      afterHtml: median(list.map((s) => s.t - s.responseEnd)),
      afterScript: median(list.map((s) => s.t - s.start)),
    };
  });
  const by = (name: string) => rows.find((r) => r.variant.name == name)!;
  const ms = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));

  console.log(
    `\nTime to an interactive first field, ms from navigation start (headless Chromium ${version}, ${CPU}× CPU, ` +
      `${LOADS} loads per variant after ${WARMUP} warm-up rounds, interleaved, fresh context per load; ` +
      `${cpus().length} cores; load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after; ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
  console.log('| variant | what | median | p95 | min | max | median from the HTML\'s arrival | median from the first script in <head> | `cairn:ready` median |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const what = r.variant.name == 'surveyjs' ? `SurveyJS ${surveyVersion} (survey-core + survey-js-ui)` : r.variant.what;
    console.log(`| ${r.variant.name} | ${what} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.min)} | ${ms(r.max)} | ${ms(r.afterHtml)} | ${ms(r.afterScript)} | ${ms(r.ready)} |`);
  }

  const vsPlain = by('inline').median / by('plain').median;
  const vsSurvey = by('surveyjs').median / by('inline').median;
  const okPlain = vsPlain <= MAX_VS_PLAIN;
  const okSurvey = vsSurvey >= MIN_VS_SURVEYJS;
  console.log('');
  console.log(`${okPlain ? 'PASS' : 'FAIL'}  cairn inline / plain DOM = ${vsPlain.toFixed(2)}× (budget ≤ ${MAX_VS_PLAIN}×)`);
  console.log(`${okSurvey ? 'PASS' : 'FAIL'}  SurveyJS / cairn inline = ${vsSurvey.toFixed(1)}× (budget ≥ ${MIN_VS_SURVEYJS}×)`);
  console.log(
    `      (for information: fetch / inline = ${(by('fetch').median / by('inline').median).toFixed(2)}×, ` +
      `returning / inline = ${(by('returning').median / by('inline').median).toFixed(2)}×, ` +
      `Formbricks / inline = ${(by('formbricks').median / by('inline').median).toFixed(2)}×, ` +
      `SurveyJS / plain DOM = ${(by('surveyjs').median / by('plain').median).toFixed(1)}×, ` +
      `plain script / plain DOM = ${(by('plain-script').median / by('plain').median).toFixed(2)}×, ` +
      `inline / plain script = ${(by('inline').median / by('plain-script').median).toFixed(2)}×)`,
  );
  return okPlain && okSurvey ? 0 : 1;
}

process.exitCode = await main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});
