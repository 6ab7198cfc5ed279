// The fault test of durable delivery (docs/delivery.md, figures in docs/benchmarks.md): a receiver
// that fails ~30% of requests — 503, dropped connections, answers slower than the attempt timeout,
// 429 with `Retry-After: 1`, 302 redirects (never "delivered": issue 14) — and de-duplicates by id takes 200 submissions made across many page
// loads in several tabs of one browser profile, some tabs closed right after the click (as soon as the
// lead's outbox write has committed: docs/delivery.md, what "durable" means). Then one
// page is left open until the outbox is empty. Every lead must be stored exactly once: zero lost,
// none stored twice. The run reports raw attempts, duplicates the receiver dropped and time to drain.
//
//   npx vitest run --project browser packages/embed/test/delivery-fault.browser.test.ts
//
// CAIRN_FAULT_LEADS, CAIRN_FAULT_TABS and CAIRN_FAULT_SEED change the run's size and fault schedule.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/browser/chromium.js';
import { createLeadReceiver, faultMix, type LeadReceiver } from '../../../scripts/browser/fault-server.js';
import { startTestServer, testPage, type TestServer } from '../../../scripts/browser/servers.js';
import { embedSnapshot, laterLoaded, outboxEntries, plainPage, recordDeliveryEvents, recorded, tabCloses, thankYouShown, watchOutboxWrites } from './delivery-helpers.js';

const LEADS = Number(process.env.CAIRN_FAULT_LEADS ?? 200);
const TABS = Number(process.env.CAIRN_FAULT_TABS ?? 6);
const SEED = Number(process.env.CAIRN_FAULT_SEED ?? 20_251);
/** Every CLOSE_EVERY-th submission closes its tab right after the click, as soon as its lead is written (tabCloses). */
const CLOSE_EVERY = 5;
/** The per-attempt timeout the forms configure, and how slow a "slow" answer is. */
const TIMEOUT_MS = 2_000;
const SLOW_MS = 3_000;
/** What fails, out of every request (30% in all). */
const FAULTS = { '5xx': 0.1, drop: 0.07, '429': 0.05, slow: 0.04, '302': 0.04 } as const;

/** A form posting to the receiver: one JSON destination with a 2 s attempt timeout and the default retry policy. */
const faultForm = (id: string) => ({
  id,
  version: 1,
  steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { destinations: [{ id: 'crm', format: 'json', endpoint: '/leads', timeoutMs: TIMEOUT_MS }] },
  // nothing remembered between submissions (no prefilled email, no "Not you?"): 200 visitors, in effect
  profiling: { consent: 'required' },
});
const page = (id: string) => ({
  body: testPage(`<div id="host" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(faultForm(id))}</script></div>`),
});

let browser: Browser;
let server: TestServer;
let receiver: LeadReceiver;
const faultsOf: Record<string, string[]> = {};

beforeAll(async () => {
  const embed = embedSnapshot();
  const decide = faultMix(FAULTS, SEED);
  receiver = createLeadReceiver({
    // each request's fault, by the email it carried: what a lost lead went through
    decide: (attempt, lead) => {
      const fault = decide(attempt, lead);
      const email = String(lead?.answers?.email ?? '?');
      (faultsOf[email] ??= []).push(`${fault}${attempt.contentType.startsWith('text/plain') ? ' (last chance)' : ''}`);
      return fault;
    },
    slowMs: SLOW_MS,
    retryAfter: 1,
  });
  server = await startTestServer({
    ...embed,
    '/demo': page('demo'),
    '/pricing': page('pricing'),
    '/about': plainPage(),
    '/leads': receiver.handler,
    // where the receiver's 302s point: a browser following one would get a 200 here for a bodiless GET
    '/moved': { body: '{}', type: 'application/json' },
    '/favicon.ico': { status: 204, body: '' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  receiver?.close();
  await server?.close();
});

describe('durable delivery under faults', () => {
  it(`${LEADS} submissions, ~30% of requests failing, tabs closed after submit: every lead stored exactly once`, async (context) => {
    const problems: string[] = [];
    context.onTestFailed(() => {
      console.log(problems.slice(-200).join('\n'));
      console.log(JSON.stringify(receiver.stats()));
    });
    const browserContext: BrowserContext = await browser.newContext();
    const open = async (): Promise<Page> => {
      const tab = await browserContext.newPage();
      tab.setDefaultTimeout(15_000);
      tab.on('pageerror', (e) => problems.push(`[uncaught] ${e.stack ?? e}`));
      tab.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`[console] ${m.text()}`));
      await recordDeliveryEvents(tab);
      await watchOutboxWrites(tab);
      return tab;
    };
    try {
      const started = performance.now();
      let next = 0;
      let lastClickAt = 0;
      const closes = tabCloses(CLOSE_EVERY);
      // TABS tabs at once, each taking the next submission until all are made: a page load per
      // submission (the two form pages in turn), now and then a page without a form, and every
      // CLOSE_EVERY-th tab closed right after its lead is written (a new tab takes over).
      await Promise.all(
        Array.from({ length: TABS }, async () => {
          let tab = await open();
          for (let i = next++; i < LEADS; i = next++) {
            if (i % 10 === 9) await tab.goto(server.url + '/about');
            await tab.goto(server.url + (i % 2 ? '/pricing' : '/demo'));
            const host = tab.locator('#host');
            const email = `lead-${String(i).padStart(3, '0')}@fault.test`;
            await host.getByLabel('Email').fill(email);
            // as with a visitor, who takes a while to type: what sends the lead has loaded
            await laterLoaded(tab, 50);
            await host.getByRole('button', { name: 'Submit' }).click();
            lastClickAt = performance.now();
            if (await closes.due(tab, i, email)) {
              await tab.close();
              tab = await open();
              continue;
            }
            // The visitor's part is done after one attempt: delivered, or queued for retries.
            await expect
              .poll(() => thankYouShown(tab), { timeout: TIMEOUT_MS + 10_000, interval: 50 })
              .toBe(true)
              .catch(async (error) => {
                const shown = await tab.evaluate(() => document.querySelector('#host')?.shadowRoot?.textContent);
                problems.push(`lead ${i}: no thank-you; the form shows "${shown}"; events ${JSON.stringify(await recorded(tab))}`);
                throw error;
              });
            const events = (await recorded(tab)).map((e) => e.type);
            if (!events.includes('queued') && !events.includes('delivered')) problems.push(`lead ${i}: thank-you without queued/delivered: ${events}`);
          }
          await tab.close();
        }),
      );
      const submittedAt = performance.now();
      const during = receiver.stats();

      // One page of the site left open (reloaded every few seconds, as a visitor browsing on) until the outbox is empty.
      const last = await open();
      await last.goto(server.url + '/about');
      let reloads = 0;
      const deadline = performance.now() + 150_000;
      let left: number | undefined;
      for (;;) {
        const entries = await outboxEntries(last);
        left = entries?.length;
        if (left === 0) break;
        if (performance.now() > deadline) break;
        await last.waitForTimeout(500);
        if (performance.now() - submittedAt > (reloads + 1) * 10_000) {
          reloads++;
          await last.reload();
        }
      }
      const drainedAt = performance.now();
      await last.waitForTimeout(1_000); // anything still on its way arrives
      const stats = receiver.stats();

      // Every lead stored exactly once: 200 distinct emails, 200 distinct ids, nothing lost, nothing twice.
      const leads = [...receiver.stored.values()].map((s) => s.lead);
      const emails = leads.map((l) => l.answers?.email as string).sort();
      const expected = Array.from({ length: LEADS }, (_, i) => `lead-${String(i).padStart(3, '0')}@fault.test`);
      const lost = expected.filter((e) => !emails.includes(e));
      const twice = emails.filter((e, i) => emails[i - 1] === e);
      const report = [
        `fault run: ${LEADS} leads from ${TABS} tabs, ${closes.report()}; receiver failed ${
          Object.entries(stats.faults).filter(([, n]) => n).map(([k, n]) => `${n}×${k}`).join(', ')
        } of ${stats.attempts} POSTs`,
        `raw attempts ${stats.attempts} (${(stats.attempts / LEADS).toFixed(2)} per lead; ${stats.textPlain} last-chance text/plain), ` +
          `${during.attempts} while submitting; duplicates dropped by the receiver ${stats.duplicates}; stored ${stats.stored}`,
        `submitting took ${((submittedAt - started) / 1e3).toFixed(1)} s; time to drain after the last click ${((drainedAt - lastClickAt) / 1e3).toFixed(1)} s ` +
          `(after the last tab finished ${((drainedAt - submittedAt) / 1e3).toFixed(1)} s); ${left ?? 'no'} entries left in the outbox; lost ${lost.length}; stored twice ${twice.length}`,
      ];
      // A lost lead's story: was its tab closed right after the click, what did its requests meet?
      for (const email of lost) {
        const i = Number(email.slice(5, 8));
        report.push(`lost ${email}: ${closes.closedAt.has(i) ? 'tab closed right after the click' : 'tab stayed open'}; requests: ${faultsOf[email]?.join(', ') || 'none'}`);
      }
      console.log(report.join('\n'));
      expect(lost).toEqual([]);
      expect(twice).toEqual([]);
      expect(new Set(leads.map((l) => l.id)).size).toBe(LEADS);
      expect(receiver.stored.size).toBe(LEADS);
      expect(left).toBe(0);
      // The run did exercise every fault, and retries.
      for (const fault of Object.keys(FAULTS)) expect(stats.faults[fault as keyof typeof FAULTS]).toBeGreaterThan(0);
      expect(stats.attempts).toBeGreaterThan(LEADS);
      // and closed tabs: all but the few due at the very end
      expect(closes.closedAt.size).toBeGreaterThanOrEqual(LEADS / CLOSE_EVERY - TABS);
      expect(problems.filter((p) => p.startsWith('[uncaught]'))).toEqual([]);
    } finally {
      await browserContext.close();
    }
    // The test's own time limit, not a product bound (those are the thank-you within one attempt's
    // timeout + 10 s, and the drain within 150 s, above): making the 200 submissions took 41–71 s
    // in docs/benchmarks.md and 224 s on a 2-core machine at load average ~12, which left the drain
    // less than its 150 s of a 300 s limit.
  }, 600_000);
});
