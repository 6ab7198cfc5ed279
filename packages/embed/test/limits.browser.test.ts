// Bounded work on the host page (issue 14, point 4), through the script tag in Chromium: a form at
// every size limit (docs/config.md, "Limits") renders with no main-thread task over 200 ms of
// CPU; configs far past them (2,500 fields in one step, a 5 MB description) and a pattern that
// backtracks catastrophically are refused with a message naming the path — without freezing the
// page first (each froze it for seconds before).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/browser/chromium.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { describeTask, mainThreadTasks } from '../../../scripts/browser/main-thread-tasks.js';
import { embedSnapshot } from './delivery-helpers.js';

const LONG_TASK_MS = 200;

const field = (id: string, extra: object = {}) => ({ id, type: 'text', label: `Question ${id}`, ...extra });
const options = (n: number) => Array.from({ length: n }, (_, k) => ({ value: `v${k}`, label: `Option number ${k}` }));

const idOf = (s: number, i: number) => (s == 0 && i == 0 ? 'country' : s == 0 && i == 1 ? 'size' : `q${s}_${i}`);

/** At every limit: 500 fields, 100 in each of 5 steps, 1,000 options in the first (a select and radios), a 10,000-character description, conditions on a third of the fields. */
const atLimits = {
  id: 'at-limits',
  version: 1,
  title: 'Everything we could ask',
  description: 'd'.repeat(10_000),
  steps: Array.from({ length: 5 }, (_, s) => ({
    id: `s${s}`,
    fields: Array.from({ length: 100 }, (_, i) =>
      idOf(s, i) == 'country'
        ? { id: 'country', type: 'select', label: 'Country', options: options(500) }
        : idOf(s, i) == 'size'
          ? { id: 'size', type: 'radio', label: 'Company size', options: options(500) }
          : field(idOf(s, i), i % 3 == 2 ? { when: { field: idOf(s, i - 1), exists: true } } : {}),
    ),
  })),
  submit: { endpoint: '/leads' },
};
const tooMany = { id: 'too-many', version: 1, steps: [{ id: 's', fields: Array.from({ length: 2_500 }, (_, i) => field(`q${i}`)) }], submit: { endpoint: '/leads' } };
const hugeText = { id: 'huge', version: 1, description: 'x'.repeat(5_000_000), steps: [{ id: 's', fields: [field('email')] }], submit: { endpoint: '/leads' } };
const redos = { id: 'redos', version: 1, steps: [{ id: 's', fields: [field('code', { label: 'Code', pattern: '^(a+)+$' })] }], submit: { endpoint: '/leads' } };

/** Marks the page's own clock from its first script: `test:start` (the tests mark `test:end`); `window.__ready` once the form is ready. */
const START = '<script>performance.mark("test:start"); document.addEventListener("cairn:ready", function () { window.__ready = true; });</script>';
const page = (src: string) => ({ body: testPage(`<main><h1>Limits</h1><div id="host" data-cairn-form="${src}"></div></main>`, { head: START }) });

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  const json = (config: object) => ({ body: JSON.stringify(config), type: 'application/json' });
  server = await startTestServer({
    ...embedSnapshot(),
    '/favicon.ico': { status: 204, body: '' },
    '/at-limits.json': json(atLimits),
    '/too-many.json': json(tooMany),
    '/huge.json': json(hugeText),
    '/redos.json': json(redos),
    '/at-limits': page('/at-limits.json'),
    '/too-many': page('/too-many.json'),
    '/huge': page('/huge.json'),
    '/redos': page('/redos.json'),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` in a fresh context, runs `until` there, and returns the page's main-thread tasks from its first script until then. */
async function visit(path: string, until: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  try {
    const p = await context.newPage();
    p.setDefaultTimeout(30_000);
    const logs: string[] = [];
    p.on('console', (m) => logs.push(`[${m.type()}] ${m.text().slice(0, 500)}`));
    const tasks = await mainThreadTasks(browser, p, 'test:start', 'test:end', async () => {
      await p.goto(server.url + path);
      try {
        await until(p);
      } catch (error) {
        const shown = await p.evaluate(() => document.querySelector('#host')!.shadowRoot?.textContent ?? '');
        throw Error(`${(error as Error).message}\nthe form shows: ${shown.slice(0, 500)}\npage console:\n${logs.join('\n')}`);
      }
      await p.evaluate(() => performance.mark('test:end'));
    });
    const text = await p.evaluate(() => document.querySelector('#host')!.shadowRoot?.textContent ?? '');
    const inputs = await p.locator('#host input, #host select').count();
    console.log(`${path}: ${tasks.length} tasks; longest: ${tasks.slice(0, 2).map(describeTask).join('; ')}`);
    return { tasks, text, inputs };
  } finally {
    await context.close();
  }
}

const longTasks = (tasks: { cpu: number }[]) => tasks.filter((x) => x.cpu > LONG_TASK_MS).map((x) => describeTask(x as never));

describe('bounded work on the host page (script tag, Chromium)', () => {
  it(`a form at every limit renders, and the page never runs a task over ${LONG_TASK_MS} ms of CPU`, async () => {
    const { tasks, inputs } = await visit('/at-limits', async (p) => {
      await p.locator('#host').getByLabel('Country').waitFor();
      // until the whole config passed (cairn:ready) and a moment after
      await p.waitForFunction(() => (window as { __ready?: boolean }).__ready);
      await p.waitForTimeout(300);
    });
    expect(inputs).toBeGreaterThan(500); // the select, 500 radios, the shown text fields
    expect(longTasks(tasks)).toEqual([]);
  }, 120_000);

  it('2,500 fields in one step: refused before anything renders, naming the limits', async () => {
    const { tasks, text, inputs } = await visit('/too-many', (p) => p.locator('#host').getByText('the form has 2,500 fields: at most 500').waitFor());
    expect(text).toContain('steps[0].fields: this step has 2,500 fields: at most 100');
    expect(inputs).toBe(0);
    expect(longTasks(tasks)).toEqual([]);
  }, 120_000);

  it('a 5 MB description: refused, naming the path and its length', async () => {
    const { tasks, text, inputs } = await visit('/huge', (p) => p.locator('#host').getByText('this text is 5,000,000 characters long').waitFor());
    expect(text).toContain('description: this text is 5,000,000 characters long: at most 10,000');
    expect(inputs).toBe(0);
    expect(longTasks(tasks)).toEqual([]);
  }, 120_000);

  it('a pattern like (a+)+ with an answer in the URL: refused at its path, the page never frozen', async () => {
    const { tasks, text } = await visit('/redos?code=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', (p) => p.locator('#host').getByText('repeats a part that itself repeats').waitFor());
    expect(text).toContain("steps[0].fields[0].pattern: '^(a+)+$' repeats a part that itself repeats");
    expect(longTasks(tasks)).toEqual([]);
  }, 120_000);
});
