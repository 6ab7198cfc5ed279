// Browser tests that need the machine to be quick at one moment (a SIGKILL within 50 ms of a
// click, a tab closed before a 1 s timer fires, `online` while a retry is still seconds away)
// cannot always get it on a loaded 2-core machine. When such a test's OWN timing precondition
// misses, the scenario proved nothing either way: it is set up again from scratch and re-run,
// a bounded number of times, and every miss is logged. A failed product guarantee is not a
// timing miss: it fails the test at once, never retried.
//
//   await retryTiming('SIGKILL within 50 ms of the click', async (attempt, { defer, onFailed }) => {
//     const server = await startTestServer(…);
//     defer(() => server.close());
//     …
//     requireTiming(killedAt - clickAt <= 50, `the SIGKILL landed ${killedAt - clickAt} ms after the click (needs ≤ 50)`);
//     expect(…); // the product's guarantees, on the attempt whose precondition held
//   });
import type { TestContext } from 'vitest';

/** A scenario's own timing precondition did not hold: this attempt tested nothing. */
export class TimingMissed extends Error {
  override name = 'TimingMissed';
}

/** Throws TimingMissed(`what`) unless `condition`. `what` says what happened and what was needed. */
export function requireTiming(condition: boolean, what: string): asserts condition {
  if (!condition) throw new TimingMissed(what);
}

/**
 * What one attempt started, stopped when the attempt ends (passed, missed or failed), last first;
 * and what to print if it fails (not when it only missed its timing).
 */
export interface AttemptScope {
  defer(stop: () => unknown): void;
  onFailed(report: () => unknown): void;
}

/** The same interface over a vitest test (for a test, or a helper, that needs no retry). */
export function testScope(t: TestContext): AttemptScope {
  return {
    defer: (stop) => t.onTestFinished(async () => void (await stop())),
    onFailed: (report) => t.onTestFailed(async () => void (await report())),
  };
}

export interface RetryTimingOptions {
  /** At most this many attempts in all (default 4). */
  attempts?: number;
  /** Where the `[timing]` lines go (default console.log, which vitest shows with the test). */
  log?: (line: string) => void;
  /**
   * Called (instead of throwing) when every attempt missed: the run was inconclusive, not failed.
   * Browser tests pass their vitest context's `skip`, so a slow machine never fails the suite:
   * the test is reported skipped, with every miss in the note and in the log.
   */
  inconclusive?: (note: string) => void;
}

/**
 * Runs `scenario` until an attempt does not throw TimingMissed, at most `attempts` times; returns
 * what that attempt returned. Any other error (a product guarantee that failed) is thrown at once.
 * When every attempt missed, throws an Error listing each attempt's miss.
 */
export async function retryTiming<T>(
  name: string,
  scenario: (attempt: number, scope: AttemptScope) => Promise<T>,
  options: RetryTimingOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const log = options.log ?? ((line: string) => console.log(line));
  const misses: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const result = await runScoped((scope) => scenario(attempt, scope));
      if (misses.length) log(`[timing] ${name}: attempt ${attempt} of ${attempts} held its timing precondition`);
      return result;
    } catch (error) {
      if (!(error instanceof TimingMissed)) throw error;
      misses.push(`attempt ${attempt}: ${error.message}`);
      log(`[timing] ${name}: attempt ${attempt} of ${attempts} — precondition missed: ${error.message}`);
    }
  }
  const note =
    `[timing] ${name}: all ${attempts} attempts missed their timing precondition (the machine was too slow ` +
    `to set the scenario up; the product was not tested):\n  ${misses.join('\n  ')}`;
  if (options.inconclusive) {
    log(note);
    options.inconclusive(note);
  }
  throw new Error(note);
}

/**
 * Runs `body` with a fresh AttemptScope. If `body` throws anything but TimingMissed, the failure
 * reports run first (while everything is still up). Then every deferred stop runs, last first,
 * whatever happened; a stop that throws fails the attempt only if `body` itself succeeded.
 */
async function runScoped<T>(body: (scope: AttemptScope) => Promise<T>): Promise<T> {
  const stops: (() => unknown)[] = [];
  const reports: (() => unknown)[] = [];
  const scope: AttemptScope = { defer: (stop) => void stops.push(stop), onFailed: (report) => void reports.push(report) };
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await body(scope) };
  } catch (error) {
    outcome = { ok: false, error };
    if (!(error instanceof TimingMissed))
      for (const report of reports) {
        try {
          await report();
        } catch (reportError) {
          console.log(`(a failure report threw: ${String(reportError)})`);
        }
      }
  }
  let stopError: unknown;
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      stopError ??= error;
    }
  }
  if (!outcome.ok) throw outcome.error;
  if (stopError !== undefined) throw stopError;
  return outcome.value;
}

/** What `requireQuickStorage` needs of a Playwright page. */
interface EvaluatingPage {
  evaluate<R>(fn: () => Promise<R>): Promise<R>;
}

/**
 * The slowest of three IndexedDB writes (open, put, commit) in a scratch database of `page`'s
 * origin, in ms: how quickly this machine commits a write right now. A kill-after-the-click
 * scenario proves the product's timing only when that is well under its window.
 */
export async function storageWriteMs(page: EvaluatingPage): Promise<number> {
  return page.evaluate(async () => {
    // (no named functions in here: the test runner's transform would wrap them in a helper the page does not have)
    let slowest = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('cairn-test-calibration');
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('s', 'readwrite', { durability: 'strict' });
          tx.objectStore('s').put(Date.now(), 'k');
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => (db.close(), reject(tx.error));
        };
      });
      slowest = Math.max(slowest, performance.now() - started);
    }
    return slowest;
  });
}

/**
 * Precondition of a kill-after-the-click scenario: IndexedDB commits within `maxMs` on this
 * machine right now (on a loaded 2-core machine it can take 100 ms; then a 50 ms window tests
 * the machine, not the product).
 */
export async function requireQuickStorage(page: EvaluatingPage, maxMs = 20): Promise<number> {
  const ms = await storageWriteMs(page);
  requireTiming(ms <= maxMs, `an IndexedDB write took ${ms.toFixed(1)} ms just before the click (needs ≤ ${maxMs}: the machine is too busy for the kill window)`);
  return ms;
}
