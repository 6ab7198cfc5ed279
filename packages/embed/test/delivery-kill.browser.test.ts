// A lead survives the browser being killed right after submit (docs/delivery.md): Chromium is
// started by hand with a profile directory, a visitor submits a form whose endpoint does not
// answer yet, and the whole browser (every process of its group) gets SIGKILL within 50 ms of
// the click — no pagehide, no last-chance request, nothing flushed on the way out. Relaunched on
// the same profile, any page of the site that loads cairn.js (no form on it) delivers the lead:
// the one in the outbox, same id, stored once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../../scripts/browser/chromium.js';
import { createLeadReceiver } from '../../../scripts/browser/fault-server.js';
import { startTestServer } from '../../../scripts/browser/servers.js';
import { bareSitePage, embedSnapshot, formPage, laterLoaded, outboxEntries, plainPage, recordDeliveryEvents, recorded } from './delivery-helpers.js';

/** SIGKILL this long after the renderer dispatched the click (the issue: within 50 ms). */
const KILL_AFTER_MS = Number(process.env.CAIRN_KILL_AFTER_MS ?? 45);
const epochNow = () => performance.timeOrigin + performance.now();

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface Launched {
  process: ChildProcess;
  browser: Browser;
  /** Everything Chromium wrote to stderr (for the failure report). */
  stderr: string[];
}

/** Starts Chromium in its own process group on `profile`, and connects to it over CDP. */
async function launch(profile: string): Promise<Launched> {
  const child = spawn(CHROMIUM_PATH, [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true, // its own process group: one kill reaches the renderer and every helper process too
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  const wsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(Error(`no DevTools URL within 15 s:\n${stderr.join('')}`)), 15_000);
    let buffered = '';
    // keep reading stderr for the browser's whole life: a full pipe would block it
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stderr.length < 200) stderr.push(text);
      buffered += text;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        buffered = '';
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(Error(`Chromium exited (${code ?? signal}) before it listened:\n${stderr.join('')}`));
    });
  });
  const browser = await chromium.connectOverCDP(wsUrl);
  return { process: child, browser, stderr };
}

/** SIGKILL to the whole process group; resolves once the main process is gone. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
}

/** The profile's only context (Chromium's default one, over CDP), and a page in it that records Cairn's events. */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.contexts()[0]!.newPage();
  page.setDefaultTimeout(10_000);
  await recordDeliveryEvents(page);
  return page;
}

describe('durable delivery survives a killed browser', () => {
  it('SIGKILL within 50 ms of the click; relaunched on the same profile, a page without a form delivers the lead, once, same id', async (context) => {
    // Until the relaunch, the endpoint holds every request unanswered; then it accepts.
    const receiver = createLeadReceiver({ decide: () => 'hold' });
    const server = await startTestServer({
      ...embedSnapshot(),
      '/form': formPage('/leads'),
      '/about': plainPage(),
      '/bare': bareSitePage(),
      '/leads': receiver.handler,
      '/favicon.ico': { status: 204, body: '' },
    });
    const profile = mkdtempSync(join(tmpdir(), 'cairn-kill-'));
    const launched: Launched[] = [];
    context.onTestFailed(() => {
      for (const l of launched) console.log('--- chromium stderr\n' + l.stderr.join('').slice(-4000));
      console.log('receiver attempts:\n' + receiver.attempts.map((a) => `#${a.n} ${a.id} ${a.contentType} ${a.fault} ${a.result}`).join('\n'));
    });
    try {
      // 1. Submit, then kill.
      const first = await launch(profile);
      launched.push(first);
      const page = await newPage(first.browser);
      // What the page did when, on the machine's clock: the click, and the outbox write's commit.
      const marks: { click?: number; write?: number } = {};
      await page.exposeBinding('__cairnMark', (_source, name: 'write', at: number) => void (marks[name] ??= at));
      // (a string: the test runner's transform would add helpers to a function that the page does not have)
      await page.addInitScript(`
        const mark = (name) => window.__cairnMark(name, performance.timeOrigin + performance.now());
        const transaction = IDBDatabase.prototype.transaction;
        IDBDatabase.prototype.transaction = function (...args) {
          const tx = transaction.apply(this, args);
          if (this.name === 'cairn-outbox' && args[1] === 'readwrite') tx.addEventListener('complete', () => mark('write'));
          return tx;
        };
      `);
      await page.goto(server.url + '/form');
      const host = page.locator('#host');
      await host.getByLabel('Email').fill('killed@example.test');
      // cairn-later.js (which writes the outbox) has loaded: the submit does not wait for it
      await laterLoaded(page, 200);
      // The click in the page (a real click event, dispatched synchronously), timed on the machine's
      // clock (epoch ms, which this process shares): the kill is timed from it, not from when this
      // process hears of it.
      marks.click = await host.getByRole('button', { name: 'Submit' }).evaluate((button: HTMLElement) => {
        const at = performance.timeOrigin + performance.now();
        button.click();
        return at;
      });
      const killAt = marks.click! + KILL_AFTER_MS;
      await new Promise((r) => setTimeout(r, Math.max(0, killAt - epochNow() - 5)));
      while (epochNow() < killAt); // the last few ms spun, not slept: a late timer must not push the kill past 50 ms
      const killedAt = epochNow();
      await killGroup(first.process);
      const goneAt = epochNow();
      const since = (t: number | undefined) => (t === undefined ? 'not seen' : `+${Math.round(t - marks.click!)} ms`);
      const requestAt = receiver.attempts[0] && performance.timeOrigin + receiver.attempts[0].start;
      console.log(
        `after the click: outbox write committed ${since(marks.write)}, first request at the receiver ${since(requestAt)}, ` +
          `SIGKILL ${since(killedAt)}, browser gone ${since(goneAt)}`,
      );
      expect(killedAt - marks.click!).toBeLessThanOrEqual(50);
      expect(receiver.stored.size).toBe(0);
      await first.browser.close().catch(() => {});

      // 2. Relaunch on the same profile. A page without cairn.js shows the outbox as the kill left it.
      receiver.decide = () => 'ok';
      const second = await launch(profile);
      launched.push(second);
      const bare = await newPage(second.browser);
      await bare.goto(server.url + '/bare');
      const kept = await outboxEntries(bare);
      expect(kept).toHaveLength(1);
      const id = kept![0]!.id;
      expect(kept![0]!.destinations.default).toMatchObject({ status: 'pending' });
      // Whether the first request went out before the kill or not, it is this lead.
      expect(receiver.attempts.every((a) => a.id === id)).toBe(true);

      // 3. Any page of the site with cairn.js, no form: the lead is delivered, once.
      const about = await newPage(second.browser);
      const openedAt = performance.now();
      // The killed tab had claimed the lead for its first attempt (timeout + 5 s): no tab sends it before that lapses.
      const claimLeft = (kept![0]!.destinations.default!.claim?.until ?? 0) - Date.now();
      await about.goto(server.url + '/about');
      await expect.poll(() => receiver.stored.has(id), { timeout: 30_000, interval: 200 }).toBe(true);
      const tookMs = performance.now() - openedAt;
      expect(receiver.stored.get(id)!.lead).toMatchObject({ id, answers: { email: 'killed@example.test' } });
      await expect.poll(() => outboxEntries(about)).toEqual([]);
      await expect.poll(() => recorded(about)).toEqual([{ type: 'delivered', id, on: 'document', at: expect.any(Number) }]);
      await about.waitForTimeout(500); // nothing more arrives
      expect(receiver.stored.size).toBe(1);
      expect(receiver.stats().duplicates).toBe(0);
      console.log(
        `relaunched: delivered ${Math.round(tookMs)} ms after a page without a form was opened; ` +
          `the killed tab's claim on the lead had ${Math.max(0, Math.round(claimLeft))} ms left then`,
      );
    } finally {
      for (const l of launched) {
        await l.browser.close().catch(() => {});
        await killGroup(l.process);
      }
      receiver.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
