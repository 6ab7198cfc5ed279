// The README's commands, run the way a user runs them, so none can rot unnoticed:
// `npm run demo` (a lead typed into the demo page in Chromium reaches the demo's receiver),
// `npm run schema -- --check` and `npm run bench`. `npm run typecheck` and `npm run build` are
// steps of `npm test` itself (scripts/test.mjs runs them through npm).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../browser/chromium.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>` to the end; returns its exit code and output. */
function npmRun(script: string, args: string[] = [], timeout = 240_000) {
  const result = spawnSync(NPM, ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** Stops a process this test started, and everything it started (its own process group). */
function stopGroup(child: ChildProcess) {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

describe('npm run demo', () => {
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-demo-command-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (demo) stopGroup(demo);
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the landing page and a receiver that shows the lead the page sends', async () => {
    demo = spawn(NPM, ['run', 'demo'], {
      cwd: ROOT,
      detached: true, // its own process group, so stopGroup ends npm, sh and node together
      env: {
        ...process.env,
        CAIRN_DEMO_PAGE_PORT: '0',
        CAIRN_DEMO_RECEIVER_PORT: '0',
        CAIRN_LEADS_FILE: join(dir, 'leads.jsonl'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout!.on('data', (chunk) => (output += chunk));
    demo.stderr!.on('data', (chunk) => (output += chunk));
    await expect
      .poll(() => output.includes('Press Ctrl-C to stop') || demo!.exitCode !== null, { timeout: 180_000, interval: 200 })
      .toBe(true);
    expect(demo.exitCode, output).toBeNull();

    const pageUrl = /Landing page\s+(\S+)/.exec(output)?.[1];
    const leadsUrl = /Leads\s+(\S+)/.exec(output)?.[1];
    expect(pageUrl, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?utm_source=/);
    expect(leadsUrl, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/leads$/);

    browser = await launchChromium();
    const { page, context } = await openPage(browser);
    try {
      page.setDefaultTimeout(15_000);
      await page.goto(pageUrl!);
      await page.getByLabel('First name').fill('Ada');
      await page.getByLabel('Last name').fill('Lovelace');
      await page.getByLabel('Work email').fill('ada@demo-command.example');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Analytical Engines Ltd');
      await page.getByLabel('Company size').selectOption('50-199');
      await page.getByLabel('Job title').fill('Head of Data');
      await page.getByLabel('Country').selectOption('GB');
      await page.getByLabel(/I agree that Northwind may contact me/).check();
      await page.getByRole('button', { name: 'Request my demo' }).click();
      await expect.poll(() => page.getByText("Thanks, we'll be in touch!").isVisible(), { timeout: 15_000 }).toBe(true);

      // What the demo tells a user to open: the receiver's list shows the lead.
      await expect
        .poll(async () => (await fetch(`${leadsUrl}.json`).then((r) => r.json())).map((s: any) => s.lead.answers.email), { timeout: 15_000 })
        .toEqual(['ada@demo-command.example']);
      const html = await fetch(leadsUrl!).then((r) => r.text());
      expect(html).toContain('ada@demo-command.example');
    } finally {
      await context.close();
    }
  }, 240_000);
});

describe('npm run schema -- --check', () => {
  it('finds form.schema.json and the shape descriptors up to date with the zod schema', () => {
    const { status, output } = npmRun('schema', ['--check']);
    expect(output).toContain('up to date');
    expect(status, output).toBe(0);
  }, 240_000);
});

describe('npm run bench', () => {
  it('runs the visibility, scale and engine benchmarks to the end: the naive re-evaluation and SurveyJS agree with Cairn', () => {
    const { status, output } = npmRun('bench');
    expect(status, output).toBe(0);
    expect(output).toMatch(/createForm\(\.\.\.\)\.set \(session\)\s+median\s+[\d.]+/);
    expect(output).toContain('final visibility vs naive: identical');
    expect(output).not.toContain("MISMATCHES");
    expect(output).toMatch(/\| 10,000 \| [\d.]+ ms \| [\d.]+ ms \|/);
    // Cairn against SurveyJS, answer by answer: both show the same fields throughout
    expect(output).toMatch(/SurveyJS \/ Cairn, median: \d+×/);
    expect(output).toContain('same visibility: identical');
  }, 240_000);
});
