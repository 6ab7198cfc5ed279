// Shared by the delivery browser tests (delivery*.browser.test.ts): the forms and pages of a test
// site, what a page records of Cairn's events, and reading the outbox from a page.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { EMBED_PATHS, ensureEmbedBuilt, testPage } from '../../../scripts/browser/servers.js';

/**
 * Builds the embed if needed and returns routes serving a snapshot of it: its files as they are
 * now, so that a rebuild during a long run (another test run in the same tree) cannot serve a
 * page a cairn.js and a cairn-later.js from different builds.
 */
export function embedSnapshot() {
  ensureEmbedBuilt();
  return Object.fromEntries(Object.entries(EMBED_PATHS).map(([path, file]) => [path, { body: readFileSync(file), type: 'text/javascript; charset=utf-8' }]));
}

/** A one-field form posting to `endpoint`. */
export const form = (id: string, endpoint: string, extra: object = {}) => ({
  id,
  version: 1,
  steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { endpoint },
  ...extra,
});

/** A page with one auto-mounted form per id (inline config), `#<id>`. */
export const formPage = (endpoint: string, ids: string[] = ['host']) => ({
  body: testPage(
    ids
      .map((id) => `<div id="${id}" data-cairn-form><script type="application/json" data-cairn-config>${JSON.stringify(form(id, endpoint))}</script></div>`)
      .join(''),
  ),
});

/** A page of the site that loads cairn.js but has no form. */
export const plainPage = () => ({ body: testPage('<main><h1>About us</h1></main>') });

/** A page of the site without cairn.js at all (to look into IndexedDB without starting delivery). */
export const bareSitePage = () => ({ body: testPage('<main>nothing</main>', { script: false }) });

export interface Recorded {
  type: string;
  id: string;
  /** The element the event was dispatched on (its id), or 'document'. */
  on: string;
  at: number;
  /** `error` events: the message. */
  message?: string;
}

/**
 * Records, before any page script runs, every `cairn:submit|queued|delivered|error` event (the
 * DOM events of auto-mounted forms, and the ones on `document` for leads earlier pages left) in
 * `window.__delivery`.
 */
export async function recordDeliveryEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    Object.defineProperty(window, '__delivery', { value: seen });
    for (const type of ['submit', 'queued', 'delivered', 'error'])
      document.addEventListener(
        'cairn:' + type,
        (e) => {
          const detail = (e as CustomEvent).detail ?? {};
          seen.push({
            type,
            id: detail.payload?.id ?? detail.id ?? '',
            on: e.target === document ? 'document' : ((e.target as Element).id ?? '?'),
            at: performance.now(),
            ...(type === 'error' ? { message: detail.message } : {}),
          });
        },
        true,
      );
  });
}

/**
 * Notes, before any page script runs, each lead whose outbox write has committed on this page
 * (`window.__outboxHas`, a set of the leads' `answers.email`): from then on, docs/delivery.md
 * promises, the lead survives a closed tab. Only watches `put` on the outbox's object stores;
 * changes nothing it does.
 */
export async function watchOutboxWrites(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const committed = new Set<string>();
    Object.defineProperty(window, '__outboxHas', { value: committed });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: any, key?: IDBValidKey) {
      const request = key === undefined ? put.call(this, value) : put.call(this, value, key);
      const email = value?.payload?.answers?.email;
      if (typeof email === 'string' && this.transaction.db.name.startsWith('cairn-outbox'))
        this.transaction.addEventListener('complete', () => committed.add(email));
      return request;
    };
  });
}

/**
 * The "tab closed right after the click" part of a fault run. Every `every`-th submission is due
 * to close its tab, and closes it as soon as its lead's outbox write has committed
 * (watchOutboxWrites): what the product promises survives a close (docs/delivery.md; before the
 * commit — 14–25 ms after the click, longer while other tabs write to the outbox — a closed tab
 * can lose the lead, and only the last-chance request may save it). A lead not committed within
 * `waitMs` keeps its tab (the close is owed, and made by the next submission): the report counts
 * those.
 */
export function tabCloses(every: number, waitMs = 5_000) {
  let owed = 0;
  let deferred = 0;
  const closedAt = new Set<number>();
  return {
    /** Submissions whose tab was closed right after their lead was written. */
    closedAt,
    /** Right after the click of submission `i` (its email `email`) on `tab`: whether to close the tab now. */
    async due(tab: Page, i: number, email: string): Promise<boolean> {
      if (i % every === every - 1) owed++;
      if (owed === 0) return false;
      const stored = await tab
        .waitForFunction((e) => (window as any).__outboxHas?.has(e) === true, email, { timeout: waitMs, polling: 10 })
        .then(
          () => true,
          () => false,
        );
      if (!stored) deferred++;
      if (!stored || owed === 0) return false; // another tab made the close meanwhile
      owed--;
      closedAt.add(i);
      return true;
    },
    report: () =>
      `${closedAt.size} tabs closed right after their lead was written (${deferred} times put off: not written within ${waitMs / 1e3} s; ${owed} still due at the end)`,
  };
}

export const recorded = (page: Page): Promise<Recorded[]> => page.evaluate(() => (window as any).__delivery);

/**
 * Resolves once cairn-later.js has been fetched and, the visitor's focus put in the page's first
 * form (its first field), the delivery engine (cairn-page-engine.js: it writes the outbox and
 * sends), plus `settleMs`: a visitor who has started filling the form in.
 */
export async function laterLoaded(page: Page, settleMs = 100): Promise<void> {
  const fetched = (file: string) =>
    page.waitForFunction((file) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(file)), file, { timeout: 10_000, polling: 20 });
  await fetched('/cairn-later.js');
  // (auto-mounted or Cairn.mount's: the first element whose shadow root holds a field)
  await page.evaluate(() => {
    for (const element of document.querySelectorAll('*')) {
      const field = element.shadowRoot?.querySelector<HTMLElement>('input,select,textarea');
      if (field) return field.focus();
    }
  });
  await fetched('/cairn-page-engine.js');
  await page.waitForTimeout(settleMs);
}

export interface OutboxRow {
  id: string;
  createdAt: number;
  destinations: Record<string, { status: string; attempts: number; nextAttemptAt: number; claim?: { owner: string; until: number }; lastError?: { status?: number; message: string } }>;
}

/**
 * The entries of the page's `cairn-outbox` database, or null when there is no such database.
 * Never creates it (opening a missing database would create it without its stores).
 */
export const outboxEntries = (page: Page): Promise<OutboxRow[] | null> =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'cairn-outbox')) return null;
    const db = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('cairn-outbox');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    try {
      return await new Promise<any[]>((ok, no) => {
        const r = db.transaction('entries').objectStore('entries').getAll();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => no(r.error);
      });
    } finally {
      db.close();
    }
  });

/** Fill the form `#<host>` with `email` and click Submit. */
export async function submitForm(page: Page, email: string, host = 'host'): Promise<void> {
  const at = page.locator('#' + host);
  await at.getByLabel('Email').fill(email);
  await at.getByRole('button', { name: 'Submit' }).click();
}

/** Each form's text as a visitor reads it (its shadow root's), by host id: for failure reports. */
export const formTexts = (page: Page, hosts: string[]): Promise<Record<string, string>> =>
  page.evaluate((hosts) => Object.fromEntries(hosts.map((id) => [id, document.getElementById(id)?.shadowRoot?.textContent ?? '(no shadow root)'])), hosts);

export const thankYouShown = (page: Page, host = 'host') => page.locator('#' + host).getByText('Thank you!').isVisible();

/** The visitor's stored behaviour record (`cairn-signals`), without creating the database when there is none. */
export const behaviourRecord = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name == 'cairn-signals')) return undefined;
    return new Promise<any>((resolve, reject) => {
      const open = indexedDB.open('cairn-signals');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('signals').objectStore('signals').get('record');
        get.onsuccess = () => resolve(get.result);
        open.result.close();
      };
    });
  });
