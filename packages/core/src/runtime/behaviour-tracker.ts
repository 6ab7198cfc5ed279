/**
 * The behaviour tracker of a page: it records this page's view (and the visit and its source:
 * UTM parameters, referrer), clicks on `[data-cairn-signal="name"]` elements, `track(name)`, and
 * form starts (first answer), submits and abandons (the page left after a start, without a
 * submit), as bounded roll-ups (see `VisitorRecord`), stored in `cairn-signals` (behaviour-store.ts).
 *
 * The consent rule of the profile: with `profiling.consent: "required"` (on a form of the page,
 * or the site option) nothing is read or stored before consent, the page's activity is kept in
 * memory and written when consent comes; consent withdrawn or `forget()` erase it. A page without
 * a form (and without the site option) only adds to a record that exists: it never creates the
 * database, so a site whose forms ask for consent leaves no trace first.
 *
 * Page groups (`pricing.views`) come from the `signals.pages` of every form config seen on this
 * origin (stored with the record), and from the site option:
 *   <script type="application/json" data-cairn-signals>{ "pages": { "pricing": "/pricing*" } }</script>
 * which may also say `"consent": "required"`.
 */
import { recordEvent, recordFormAbandon, recordFormStart, recordFormSubmit, type PageGroups } from '../behaviour/record.js';
import type { Signals } from '../behaviour/signals.js';
import { addPageGroups, emptyVisitorRecord, recordVisit, type VisitorRecord } from '../behaviour/visitor-record.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { FormSession } from '../session/form-session.js';
import { dropBehaviourDb, persistRecord, type RecordChange } from './behaviour-store.js';
import type { PageState } from './page-state.js';
import { unavailable } from '../storage/idb.js';
import { documentReferrer } from '../payload/page-context.js';
import { takePendingViews } from '../behaviour/pending-views.js';

export interface BehaviourTracker {
  /**
   * Start tracking on this page (once), and with `form` (and its `session`): its page groups,
   * consent mode, starts, submits and abandons. Resolves once the stored record is read (at most
   * 1 s: a stuck IndexedDB must not hold a submission back). Never rejects.
   */
  start(form?: FormConfig, session?: FormSession): Promise<void>;
  /** The form is gone: stop counting an abandon for it. */
  unwatch(session: FormSession): void;
  /** One occurrence of event `name` (props are not stored: roll-ups only), stored at once. */
  track(name: string): void;
  /** The record as this page knows it: stored, plus this page's changes. */
  record(): VisitorRecord;
  /** Consent given: what this page held in memory is stored now. */
  store(): Promise<void>;
  /** `forget()` and consent withdrawn: the stored record and this page's activity are erased. */
  forget(): Promise<void>;
}

const signalsChange = (c: (s: Signals) => Signals): RecordChange => (r) => ({ ...r, signals: c(r.signals) });

/** `persistent` false: the record lives in memory, for this page only. */
/** The record as stored plus this page's changes, and the writes that store them: one at a time. */
interface RecordKeeper {
  record(): VisitorRecord;
  /** Applies `c` here at once (the payload and the live score read it) and stores it soon (`now`: at once). */
  change(c: RecordChange, now?: boolean): void;
  /** Stores the pending changes (when allowed), or reads what is stored. */
  sync(): Promise<void>;
  /** This page's changes dropped, the stored record erased. */
  forget(): Promise<void>;
}

/**
 * `allowed`: may anything be read or stored now (consent)? `mayCreate`: may a change create the
 * database (a form or the site option says the site tracks, or consent was given)?
 */
function createRecordKeeper(state: PageState, persistent: boolean, allowed: () => boolean, mayCreate: () => boolean): RecordKeeper {
  /** What is stored (as last read or written), and this page's changes not stored yet. */
  let base = emptyVisitorRecord();
  let pending: RecordChange[] = [];
  let current: VisitorRecord | undefined;
  /** Storage failed: memory only, for the rest of the page. */
  let failed = !persistent;
  let writing = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const sync = (): Promise<void> =>
    (writing = writing
      .then(async () => {
        if (failed || !allowed()) return;
        const changes = pending.slice();
        // only a change creates the database: reading (or consent with nothing held) leaves no trace.
        // An IndexedDB that never answers (a deletion blocked in another tab): memory for this page,
        // quietly (the outbox already says IndexedDB is unavailable), and nothing waits on it for long.
        const create = changes.length > 0 && mayCreate();
        const stored = await Promise.race([persistRecord(changes, create), new Promise<0>((r) => setTimeout(r, 1e3, 0))]);
        if (stored === 0) failed = true;
        if (!stored) return;
        base = stored;
        pending = pending.slice(changes.length);
        current = undefined;
      })
      .catch((error) => {
        failed = true;
        // the same words as the profile's and the outbox's: the page warns once, whichever fails first
        state.warn(unavailable(error, 'behaviour signals are kept for this page only'));
      }));

  return {
    record: () => (current ??= pending.reduce((r, c) => c(r), base)),
    change(c, now) {
      pending.push(c);
      current = undefined;
      clearTimeout(timer);
      if (now) void sync();
      else timer = setTimeout(() => void sync());
    },
    sync,
    async forget() {
      clearTimeout(timer);
      pending = [];
      base = emptyVisitorRecord();
      current = undefined;
      await writing;
      if (persistent) await dropBehaviourDb();
    },
  };
}

/** The site-wide option: `<script type="application/json" data-cairn-signals>{ "pages": {…}, "consent": "required" }</script>`. */
const siteOption = (state: PageState): { pages?: PageGroups; consent?: string } | undefined => {
  try {
    const json = document.querySelector('script[data-cairn-signals]')?.textContent;
    const value = json && JSON.parse(json);
    return value && typeof value == 'object' ? value : undefined;
  } catch {
    state.warn('data-cairn-signals is not JSON (ignored)');
    return undefined;
  }
};

/** Starts, submits and abandons of one form. */
function watchForm(change: RecordKeeper['change'], form: FormConfig, session: FormSession): () => void {
  let begun = false;
  let sent = false;
  const tally = (count: typeof recordFormStart, now?: boolean) => {
    const at = Date.now();
    change(signalsChange((s) => count(s, form.id, at)), now);
  };
  const offs = [
    session.on('change', () => begun || ((begun = true), tally(recordFormStart))),
    session.on('submit', () => sent || ((sent = true), tally(recordFormSubmit))),
  ];
  const abandon = () => begun && !sent && tally(recordFormAbandon, true);
  addEventListener('pagehide', abandon);
  // a destroyed form is not abandoned, and must not stay referenced
  return () => {
    removeEventListener('pagehide', abandon);
    offs.forEach((off) => off());
  };
}

export function createBehaviourTracker(state: PageState, persistent = true): BehaviourTracker {
  let started: Promise<void> | undefined;
  /** A form here (or the site option) requires consent before anything is stored. */
  let required = false;
  /** A form here (or the site option) says the site tracks: the database may be created. */
  let mayCreate = false;
  /** This page's view, and those earlier pages of the tab kept for it: a group the record learns later still counts them. */
  let views: { path: string; at: number }[] = [];
  const watched = new Map<FormSession, () => void>();
  const keeper = createRecordKeeper(state, persistent, () => state.consent ?? !required, () => mayCreate || state.consent == true);
  const { change, sync } = keeper;

  const beginPage = () => {
    const at = Date.now();
    const site = siteOption(state);
    if (site) {
      mayCreate = true;
      required ||= site.consent == 'required';
    }
    // first the views of this tab's earlier pages that left before they were recorded (pending-views.ts)
    const earlier = takePendingViews();
    if (!state.viewed) earlier.push({ url: location.href, referrer: documentReferrer(), at });
    for (const v of earlier) change((r) => recordVisit(r, v));
    views = earlier.map((v) => ({ path: new URL(v.url, location.href).pathname, at: v.at }));
    if (site?.pages) change((r) => addPageGroups(r, site.pages, views));
    // capture: a click the page stops from bubbling still counts
    document.addEventListener(
      'click',
      (event) => {
        try {
          const el = event.target instanceof Element && event.target.closest('[data-cairn-signal]');
          if (el) tracker.track(el.getAttribute('data-cairn-signal')!);
        } catch {
          // the host's click goes on whatever happens here
        }
      },
      true,
    );
    addEventListener('pagehide', () => void sync());
    started = Promise.race([sync().then(() => void (state.viewed = true)), new Promise<void>((r) => setTimeout(r, 1e3))]);
  };

  const begin = (form?: FormConfig, session?: FormSession) => {
    if (!started) beginPage();
    if (!form) return;
    mayCreate = true;
    required ||= form.profiling?.consent == 'required';
    const pages = form.signals?.pages;
    if (pages) change((r) => addPageGroups(r, pages, views));
    if (session && !watched.has(session)) watched.set(session, watchForm(change, form, session));
  };

  const tracker: BehaviourTracker = {
    start(form, session) {
      try {
        begin(form, session);
      } catch (error) {
        // never into the host page, and never holding a submission back: the lead goes without signals
        state.warn(`could not track behaviour signals (${(error as Error)?.message || error})`);
      }
      return started ?? Promise.resolve();
    },
    unwatch(session) {
      watched.get(session)?.();
      watched.delete(session);
    },
    track(name) {
      void tracker.start();
      const at = Date.now();
      // stored at once: the click may be leaving the page
      change(signalsChange((s) => recordEvent(s, String(name), at)), true);
    },
    record: keeper.record,
    store: sync,
    // with the views this tab's earlier pages kept for it (pending-views.ts)
    forget: () => (takePendingViews(), keeper.forget()),
  };
  return tracker;
}
