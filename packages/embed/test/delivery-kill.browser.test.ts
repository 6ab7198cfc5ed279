// A lead survives the browser being killed right after submit (docs/delivery.md): Chromium is
// started by hand with a profile directory, a visitor submits a form whose endpoint does not
// answer yet, and the whole browser (every process of its group) gets SIGKILL within 50 ms of
// the click — no pagehide, no last-chance request, nothing flushed on the way out. Relaunched on
// the same profile, any page of the site that loads cairn.js (no form on it) delivers the lead:
// the one in the outbox, same id, stored once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createLeadReceiver } from '../../../scripts/browser/fault-server.js';
import { startTestServer } from '../../../scripts/browser/servers.js';
import { requireTiming, retryTiming, requireQuickStorage } from '../../../scripts/browser/timing.js';
import { epochNow, killGroup, launch, startKiller, type Launched } from './killed-browser.js';
import { bareSitePage, embedSnapshot, formPage, laterLoaded, outboxEntries, plainPage, recordDeliveryEvents, recorded } from './delivery-helpers.js';

/** A planned click this late (ms) means the page's main thread was not getting the CPU. */
const STARVED_MS = 3;

/** SIGKILL this long after the renderer dispatched the click (the issue: within 50 ms). */
const KILL_AFTER_MS = Number(process.env.CAIRN_KILL_AFTER_MS ?? 45);
/** Attempts at the scenario (scripts/browser/timing.ts): more than the usual four, as the window is narrow (planned 45 ms after the click, landed by 50). */
const ATTEMPTS = 6;
/** How far ahead the click is planned: time for the page (and the killer) to hear of the plan first. */
const CLICK_LEAD_MS = 1_000;

/** The profile's only context (Chromium's default one, over CDP), and a page in it that records Cairn's events. */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.contexts()[0]!.newPage();
  page.setDefaultTimeout(10_000);
  await recordDeliveryEvents(page);
  return page;
}

describe('durable delivery survives a killed browser', () => {
  // On a busy machine the killer can still wake late, the page can click late, or the page can
  // be killed before it says when it clicked. A kill more than 50 ms after the click proves nothing,
  // nor does a lead lost to a kill that came sooner after the click than planned: such an attempt is
  // a timing miss, and the whole scenario runs again on a fresh profile, server and receiver
  // (scripts/browser/timing.ts). What the relaunch finds is otherwise the product's doing: asserted,
  // never retried.
  it('SIGKILL within 50 ms of the click; relaunched on the same profile, a page without a form delivers the lead, once, same id', async (t) => {
    await retryTiming('SIGKILL within 50 ms of the click', async (attempt, { defer, onFailed }) => {
      // Until the relaunch, the endpoint holds every request unanswered; then it accepts.
      const receiver = createLeadReceiver({ decide: () => 'hold' });
      defer(() => receiver.close());
      const server = await startTestServer({
        ...embedSnapshot(),
        '/form': formPage('/leads'),
        '/about': plainPage(),
        '/bare': bareSitePage(),
        '/leads': receiver.handler,
        '/favicon.ico': { status: 204, body: '' },
      });
      defer(() => server.close());
      const profile = mkdtempSync(join(tmpdir(), 'cairn-kill-'));
      defer(() => rmSync(profile, { recursive: true, force: true }));
      const launched: Launched[] = [];
      defer(async () => {
        for (const l of launched) {
          await l.browser.close().catch(() => {});
          await killGroup(l.process);
        }
      });
      onFailed(() => {
        console.log(`attempt ${attempt} failed:`);
        for (const l of launched) console.log('--- chromium stderr\n' + l.stderr.join('').slice(-4000));
        console.log('receiver attempts:\n' + receiver.attempts.map((a) => `#${a.n} ${a.id} ${a.contentType} ${a.fault} ${a.result}`).join('\n'));
      });

      // 1. Submit, then kill.
      const first = await launch(profile);
      launched.push(first);
      const page = await newPage(first.browser);
      // When, on the machine's clock, the outbox write committed (as the page heard it).
      const marks: { write?: number } = {};
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
      // The click and the kill are both planned ahead, on the machine's clock (epoch ms, which the
      // page and the killer share): the page clicks at `clickAt` (a real click event, dispatched
      // synchronously), the killer kills at `clickAt + KILL_AFTER_MS`. Neither waits for a message
      // from the other, so a slow round trip cannot push the kill late; the page's own record of when
      // it clicked, if it got out before the kill, tells how the plan went.
      // The machine must be able to commit a write well inside the window, or the attempt tests nothing.
      await requireQuickStorage(page);
      const killer = await startKiller();
      defer(() => killer.stop());
      const button = await host.getByRole('button', { name: 'Submit' }).elementHandle();
      const clickAt = epochNow() + CLICK_LEAD_MS;
      const killed = killer.killAt(first.process.pid!, clickAt + KILL_AFTER_MS);
      const clicked: Promise<number | undefined> = button
        .evaluate(
          (element, at) =>
            new Promise<number>((resolve) => {
              // (no named functions in here: the test runner's transform would wrap them in a helper the page does not have)
              setTimeout(
                () => {
                  while (performance.timeOrigin + performance.now() < at); // the last few ms spun: never before `at`
                  const clickedAt = performance.timeOrigin + performance.now();
                  (element as HTMLElement).click();
                  resolve(clickedAt);
                },
                Math.max(0, at - (performance.timeOrigin + performance.now()) - 5),
              );
            }),
          clickAt,
        )
        .catch(() => undefined); // the kill came before the page's answer got out
      const killedAt = await killed;
      await killGroup(first.process); // (already killed: waits for it to be gone)
      const goneAt = epochNow();
      const click = await clicked;
      const since = (t: number | undefined) => (t === undefined ? 'not seen' : `+${Math.round(t - (click ?? clickAt))} ms`);
      const requestAt = receiver.attempts[0] && performance.timeOrigin + receiver.attempts[0].start;
      const timeline =
        `${click === undefined ? '(the page did not say when it clicked: from the planned click) ' : `(the page clicked ${(click - clickAt).toFixed(1)} ms after the planned time) `}` +
        `outbox write committed ${since(marks.write)}, first request at the receiver ${since(requestAt)}, ` +
        `SIGKILL ${since(killedAt)}, browser gone ${since(goneAt)}`;
      console.log(`attempt ${attempt}, after the click: ${timeline}`);
      // The test's own precondition (the issue: a kill within 50 ms of the click), not the product's
      // doing. The page never clicks before `clickAt`, so without its answer `killedAt - clickAt` is an
      // upper bound of the kill's delay.
      const latest = Math.max(50, KILL_AFTER_MS + 5);
      const killedAfter = killedAt - (click ?? clickAt);
      requireTiming(killedAfter <= latest, `the SIGKILL landed ${killedAfter.toFixed(1)} ms after the ${click === undefined ? 'planned ' : ''}click (needs ≤ ${latest})`);
      expect(receiver.stored.size).toBe(0);
      await first.browser.close().catch(() => {});

      // 2. Relaunch on the same profile. A page without cairn.js shows the outbox as the kill left it.
      receiver.decide = () => 'ok';
      const second = await launch(profile);
      launched.push(second);
      const bare = await newPage(second.browser);
      await bare.goto(server.url + '/bare');
      const kept = await outboxEntries(bare);
      if (!kept?.length) {
        // A lead is lost when the kill beats the outbox write (docs/delivery.md). A kill at least
        // KILL_AFTER_MS after the click makes that the product's failure (the write must be done by
        // then); a page that clicked late (the kill then came sooner after its click than planned),
        // or never said when, is a timing miss.
        // A page whose planned click came more than STARVED_MS late was not given the CPU at that
        // moment (its timer fired late): the machine, not the product, decided how far its write got.
        const earliest = KILL_AFTER_MS;
        requireTiming(
          click !== undefined && killedAfter >= earliest && click - clickAt <= STARVED_MS,
          click === undefined
            ? `no lead in the outbox, and the page's answer saying when it clicked did not get out before the kill: the kill may have come before the click or right after it (needs to be known ≥ ${earliest} ms after it)`
            : click - clickAt > STARVED_MS
              ? `no lead in the outbox, and the page was starved: its planned click came ${(click - clickAt).toFixed(1)} ms late (needs ≤ ${STARVED_MS})`
              : `no lead in the outbox, and the page clicked ${(click - clickAt).toFixed(1)} ms late: the SIGKILL came ${killedAfter.toFixed(1)} ms after its click (needs ≥ ${earliest})`,
        );
      }
      // The product's guarantee: the outbox write commits early enough that a kill within 50 ms of the click does not lose the lead.
      expect(kept, `the lead is in the outbox after the kill (${timeline})`).toHaveLength(1);
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
    }, { attempts: ATTEMPTS, inconclusive: (note) => t.skip(note) });
  }, ATTEMPTS * 90_000);
});
