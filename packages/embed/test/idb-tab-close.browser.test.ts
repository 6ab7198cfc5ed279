// What Chromium does with an IndexedDB write when its tab closes, the fact behind docs/delivery.md
// ("before the write commits") and behind the fault tests closing tabs only once the lead is
// written: a read-write transaction that is committed at once survives the tab's close, but one
// waiting behind another tab's transaction on the same store is aborted with the tab.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../scripts/browser/chromium.js';
import { startTestServer, type TestServer } from '../../../scripts/browser/servers.js';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ '/': { body: '<!doctype html><title>idb</title>' }, '/favicon.ico': { status: 204, body: '' } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A tab of `context` with database `probe` (store `s`) open as `window.db`. */
async function tabWithDb(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(server.url + '/');
  await tab.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('probe', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onsuccess = () => ((window as any).db = open.result, resolve());
        open.onerror = () => reject(open.error);
      }),
  );
  return tab;
}

/** In `tab`: a strict read-write transaction putting `key`, committed at once (as the outbox writes a lead). */
const putAndCommit = (tab: Page, key: string) =>
  tab.evaluate((k) => {
    const t = (window as any).db.transaction('s', 'readwrite', { durability: 'strict' }) as IDBTransaction;
    t.objectStore('s').put(1, k);
    t.commit();
  }, key);

/** Whether `key` is in the store, read from `tab`. */
const has = (tab: Page, key: string) =>
  tab.evaluate(
    (k) =>
      new Promise<boolean>((resolve) => {
        const get = ((window as any).db as IDBDatabase).transaction('s').objectStore('s').get(k);
        get.onsuccess = () => resolve(get.result === 1);
        get.onerror = () => resolve(false);
      }),
    key,
  );

describe('an IndexedDB write and its tab closing (Chromium)', () => {
  it('a committed-at-once write survives the close; one waiting behind another tab is lost with it', async () => {
    const context = await browser.newContext();
    try {
      const other = await tabWithDb(context);

      const free = await tabWithDb(context);
      await putAndCommit(free, 'free');
      await free.close();
      await other.waitForTimeout(500);
      expect(await has(other, 'free')).toBe(true);

      const waiting = await tabWithDb(context);
      // the other tab holds a read-write transaction on the store for 1.5 s (a chain of reads keeps it alive)
      await other.evaluate(() => {
        const store = ((window as any).db as IDBDatabase).transaction('s', 'readwrite').objectStore('s');
        const end = Date.now() + 1_500;
        const next = () => {
          if (Date.now() < end) store.get('x').onsuccess = next;
        };
        next();
      });
      await putAndCommit(waiting, 'waiting');
      await waiting.close();
      await other.waitForTimeout(2_500);
      const survived = await has(other, 'waiting');
      console.log(`a write waiting behind another tab's transaction, its tab closed: ${survived ? 'committed' : 'lost'}`);
      expect(survived).toBe(false);
    } finally {
      await context.close();
    }
  });
});
