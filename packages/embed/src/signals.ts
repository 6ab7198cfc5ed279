/**
 * The behaviour tracker of the script tag, in cairn-later.js: started on every page that loads
 * cairn.js (with the delivery engine, `startPage`). It records this page's view (and the visit
 * and its source: UTM parameters, referrer), clicks on `[data-cairn-signal="name"]` elements,
 * `Cairn.track(name)`, and form starts (first answer), submits and abandons (the page left
 * after a start, without a submit), as bounded roll-ups (see @cairn/core `VisitorRecord`).
 *
 * Stored in its own IndexedDB database, `cairn-signals`, one record: every change is applied
 * to what is stored in one read-write transaction, so two tabs add up instead of overwriting.
 * The same consent rule as the profile: with `profiling.consent: "required"` (on a form of the
 * page, or the site option) nothing is read or stored before consent, the page's activity is
 * kept in memory and written when consent comes; consent withdrawn or `Cairn.forget()` erase
 * it. A page without a form (and without the site option) only adds to a record that exists:
 * it never creates the database, so a site whose forms ask for consent leaves no trace first.
 *
 * Page groups (`pricing.views`) come from the `signals.pages` of every form config seen on this
 * origin (stored with the record), and from the site option:
 *   <script type="application/json" data-cairn-signals>{ "pages": { "pricing": "/pricing*" } }</script>
 * which may also say `"consent": "required"`.
 */
import {
  addPageGroups,
  buildPayload,
  emptyVisitorRecord,
  recordEvent,
  recordFormAbandon,
  recordFormStart,
  recordFormSubmit,
  recordVisit,
  scoreLive,
  toVisitorRecord,
  visitorContext,
  withLeadScore,
  type FormConfig,
  type FormSession,
  type LeadPayload,
  type PageGroups,
  type PayloadInput,
  type Signals,
  type VisitorRecord,
} from '@cairn/core';
import { startDelivery } from './delivery.js';
import type { ProfilePage } from './profile-read.js';

export const SIGNALS_DB = 'cairn-signals';
const STORE = 'signals';
const KEY = 'record';

type Change = (record: VisitorRecord) => VisitorRecord;

/** What is stored (as last read or written), and this page's changes not stored yet. */
let base = emptyVisitorRecord();
let pending: Change[] = [];
let current: VisitorRecord | undefined;
let started: Promise<void> | undefined;
/** A form here (or the site option) requires consent before anything is stored. */
let required = false;
/** A form here (or the site option) says the site tracks: the database may be created. */
let mayCreate = false;
/** Storage failed: memory only, for the rest of the page. */
let failed = false;
let writing = Promise.resolve();
let timer: ReturnType<typeof setTimeout> | undefined;
/** This page's view: a group the record learns later still counts it. */
let view = { path: '/', at: 0 };
const sessions = new WeakSet<FormSession>();

/** The record as this page knows it: stored, plus this page's changes. */
export const visitorRecord = (): VisitorRecord => (current ??= pending.reduce((r, c) => c(r), base));

const allowed = (page: ProfilePage) => page.consent ?? !required;

/** Applies `c` here at once (the payload and the live score read it) and stores it soon (`now`: at once). */
function change(page: ProfilePage, c: Change, now?: boolean): void {
  pending.push(c);
  current = undefined;
  clearTimeout(timer);
  if (now) void sync(page);
  else timer = setTimeout(() => void sync(page));
}

/**
 * Stores the pending changes (when allowed), or reads what is stored: one at a time. A page that
 * may not create the database only writes to one that exists.
 */
const sync = (page: ProfilePage): Promise<void> =>
  (writing = writing
    .then(async () => {
      if (failed || !allowed(page)) return;
      const changes = pending.slice();
      // only a change creates the database: reading (or consent with nothing held) leaves no trace
      // An IndexedDB that never answers (a deletion blocked in another tab): memory for this page,
      // quietly (the outbox already says IndexedDB is unavailable), and nothing waits on it for long.
      const stored = await Promise.race([persist(changes, changes.length > 0 && (mayCreate || page.consent == true)), new Promise<0>((r) => setTimeout(r, 1e3, 0))]);
      if (stored === 0) failed = true;
      if (!stored) return;
      base = stored;
      pending = pending.slice(changes.length);
      current = undefined;
    })
    .catch((error) => {
      failed = true;
      page.warn(`Cairn: behaviour signals are kept for this page only (${(error as Error)?.message || error})`);
    }));

/**
 * Applies `changes` to the stored record in one read-write transaction (none: only reads it).
 * Resolves the stored record, or `undefined` when there is no database and `create` is false.
 */
const persist = (changes: Change[], create: boolean): Promise<VisitorRecord | undefined> =>
  new Promise<VisitorRecord | undefined>((resolve, reject) => {
    const open = indexedDB.open(SIGNALS_DB);
    open.onupgradeneeded = () => (create ? open.result.createObjectStore(STORE) : open.transaction!.abort());
    open.onerror = (event) => {
      event.preventDefault();
      // an aborted upgrade: there was no database, and none is left behind
      if (open.error?.name == 'AbortError') resolve(undefined);
      else reject(open.error);
    };
    open.onsuccess = () => {
      const db = open.result;
      try {
        const tx = db.transaction(STORE, changes.length ? 'readwrite' : 'readonly');
        const store = tx.objectStore(STORE);
        let next: VisitorRecord;
        const get = store.get(KEY);
        get.onsuccess = () => {
          next = changes.reduce((r, c) => c(r), toVisitorRecord(get.result));
          if (changes.length) store.put(next, KEY);
        };
        tx.oncomplete = () => resolve(next);
        tx.onerror = tx.onabort = () => reject(tx.error);
      } catch (error) {
        reject(error);
      }
      db.close();
    };
  });

const signals = (c: (s: Signals) => Signals): Change => (r) => ({ ...r, signals: c(r.signals) });

/** The site-wide option: `<script type="application/json" data-cairn-signals>{ "pages": {…}, "consent": "required" }</script>`. */
const siteOption = (page: ProfilePage): { pages?: PageGroups; consent?: string } | undefined => {
  try {
    const json = document.querySelector('script[data-cairn-signals]')?.textContent;
    const value = json && JSON.parse(json);
    return value && typeof value == 'object' ? value : undefined;
  } catch {
    page.warn('Cairn: data-cairn-signals is not JSON (ignored)');
    return undefined;
  }
};

/**
 * Start tracking on this page (once), and with `form` (and its `session`): its page groups,
 * consent mode, starts, submits and abandons, and the live score. Resolves once the stored
 * record is read (at most 1 s: a stuck IndexedDB must not hold a submission back).
 */
export function startSignals(page: ProfilePage, form?: FormConfig, session?: FormSession): Promise<void> {
  try {
    begin(page, form, session);
  } catch (error) {
    // never into the host page, and never holding a submission back: the lead goes without signals
    page.warn(`Cairn could not track behaviour signals (${(error as Error)?.message || error})`);
  }
  return started ?? Promise.resolve();
}

/** `startSignals` without the guard. The first stored read runs after it returns (a microtask), so a form's consent mode counts. */
function begin(page: ProfilePage, form?: FormConfig, session?: FormSession): void {
  if (!started) {
    const at = Date.now();
    view = { path: location.pathname, at };
    const site = siteOption(page);
    if (site) {
      mayCreate = true;
      required ||= site.consent == 'required';
    }
    change(page, (r) => recordVisit(r, { url: location.href, referrer: document.referrer, at }));
    if (site?.pages) change(page, (r) => addPageGroups(r, site.pages, view));
    // capture: a click the page stops from bubbling still counts
    document.addEventListener(
      'click',
      (event) => {
        try {
          const el = event.target instanceof Element && event.target.closest('[data-cairn-signal]');
          if (el) track(page, el.getAttribute('data-cairn-signal')!);
        } catch {
          // the host's click goes on whatever happens here
        }
      },
      true,
    );
    addEventListener('pagehide', () => void sync(page));
    const read = sync(page);
    started = Promise.race([read, new Promise<void>((r) => setTimeout(r, 1e3))]);
  }
  if (form) {
    mayCreate = true;
    required ||= form.profiling?.consent == 'required';
    const pages = form.signals?.pages;
    if (pages) change(page, (r) => addPageGroups(r, pages, view));
    if (session && !sessions.has(session)) {
      sessions.add(session);
      watch(page, form, session);
    }
  }
}

/** Starts, submits and abandons of one form, and its live score. */
function watch(page: ProfilePage, form: FormConfig, session: FormSession): void {
  let begun = false;
  let sent = false;
  const tally = (record: typeof recordFormStart, now?: boolean) => {
    const at = Date.now();
    change(page, signals((s) => record(s, form.id, at)), now);
  };
  session.on('change', () => begun || ((begun = true), tally(recordFormStart)));
  session.on('submit', () => sent || ((sent = true), tally(recordFormSubmit)));
  const abandon = () => begun && !sent && tally(recordFormAbandon, true);
  addEventListener('pagehide', abandon);
  // a destroyed form (Cairn.mount's destroy, the element removed) is not abandoned, and must not stay referenced
  unwatchers.set(session, () => removeEventListener('pagehide', abandon));
  scoreLive(session, { signals: () => visitorRecord().signals });
}

/** Per watched session: what stops watching it. */
const unwatchers = new WeakMap<FormSession, () => void>();

/** The form is gone (its mount destroyed): stop counting an abandon for it on `pagehide`. */
export function unwatch(session: FormSession): void {
  unwatchers.get(session)?.();
  unwatchers.delete(session);
}

/** `Cairn.track(name, props?)`, and clicks on `[data-cairn-signal]`: one occurrence of event `name`. `props` are not stored (roll-ups only). */
export function track(page: ProfilePage, name: string, _props?: unknown): void {
  void startSignals(page);
  const at = Date.now();
  // stored at once: the click may be leaving the page
  change(page, signals((s) => recordEvent(s, String(name), at)), true);
}

/** Consent given: what this page held in memory is stored now. */
export const storeSignals = (page: ProfilePage): Promise<void> => sync(page);

/** `Cairn.forget()` and consent withdrawn: the stored record and this page's activity are erased. */
export async function forgetSignals(): Promise<void> {
  clearTimeout(timer);
  pending = [];
  base = emptyVisitorRecord();
  current = undefined;
  await writing;
  await new Promise<void>((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(SIGNALS_DB);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve(); // no IndexedDB: nothing stored
    }
  });
}

/** This page: the outbox flushed (leads earlier pages left) and behaviour tracked; with a form, that form too. */
export function startPage(page: ProfilePage, form?: FormConfig, session?: FormSession): Promise<void> {
  startDelivery(page);
  return startSignals(page, form, session);
}

/**
 * The payload of a submission: `context.signals`, `visits` and the attribution of the visitor
 * record, and the provisional `score` — `scoreLead` of the payload itself, so a receiver that
 * re-scores it gets exactly the same.
 */
export const buildLead = (form: FormConfig, input: PayloadInput): LeadPayload =>
  withLeadScore(form, buildPayload({ ...input, context: { ...input.context, ...visitorContext(visitorRecord()) } }));
