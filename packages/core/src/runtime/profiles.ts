/**
 * The page's profile stores: one IndexedDB store per namespace, wrapped in a consent gate; the
 * forms of the page attach to it. Writes go to the store when `storageAllowed` (profiling.consent
 * "none" and consent not withdrawn, or consent given); otherwise to the gate's memory, written
 * when consent comes.
 */
import { createConsentGate, type ConsentGate } from '../profile/consent-gate.js';
import { createIdbProfileStore } from '../profile/idb-store.js';
import { createMemoryProfileStore } from '../profile/memory-store.js';
import { migrateProfile } from '../profile/migrate.js';
import type { Profile, ProfileEntry, ProfileStore } from '../profile/profile.js';
import { purgeExpired } from '../profile/retention.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { FormSession } from '../session/form-session.js';
import { CONSENT_KEY, storageAllowed, unavailableMessage, type PageState } from './page-state.js';
import { readStoredProfile } from './read-profile.js';
import { listDbs } from '../storage/idb.js';
import { profileDb } from '../storage/names.js';
import { compileForm } from '../compile/compile-form.js';

/** A mounted form, as its namespace's store sees it. */
interface Attached {
  /** A storage problem, for this form's `error` event (kind `storage`); once per form. */
  report(message: string): void;
  /** The stored profile was erased (forget, "Not you?" or consent withdrawn, here or in another tab). */
  restart(): void;
  /** The stored profile changed (answers stored by another tab or form): re-plan the open form. */
  update(profile: Profile): void;
}

interface Space {
  store: ProfileStore;
  gate: ConsentGate;
  /** Storage failed: the store works from memory for the rest of the page. */
  failed?: boolean;
  forms: Set<Attached>;
}

/** How a form attaches to its namespace's store (see `Profiles.attach`). */
export interface ProfileAttachment {
  namespace: string;
  /**
   * The stored profile the form was planned from, and the problem reading it met (if any).
   * Absent (`createForm`: the form is planned before anything is read): the store reads it now,
   * without creating anything, and the form gets it through `refresh` when it lands.
   */
  read?: Profile;
  problem?: unknown;
  /** A storage problem, once per form. */
  storageError(message: string): void;
  /** Answers were stored (by another tab, or another form here): re-plan with the stored profile. */
  refresh(stored: Profile): void;
  /**
   * The page's consent (given by a ticked consent box; withdrawn when the box whose tick gave it is
   * unticked, erasing what it let us store). Without it, a tick gives consent to the profiles only.
   */
  consent?(granted: boolean): void;
}

export interface Profiles {
  attach(form: FormConfig, session: FormSession, a: ProfileAttachment): () => void;
  learn(namespace: string, form: FormConfig, entries: Profile): Promise<void>;
  clear(namespace: string): Promise<void>;
  /** Consent given: what is held is written with the consent record. Withdrawn: the gates hold again (erase with `forget`). */
  consent(granted: boolean): Promise<void>;
  forget(): Promise<void>;
  profile(namespace?: string): Promise<Profile>;
}

const keys = Object.keys;

/**
 * The stored profile a form was planned from, cleaned up in `store`: renamed keys moved
 * (`profiling.migrate`), entries older than `retentionDays` purged. Nothing to clean: no write.
 */
const tidy = (store: ProfileStore, form: FormConfig, read: Profile): void => {
  const { migrate = {}, retentionDays = 365 } = form.profiling ?? {};
  const clean = purgeExpired(migrateProfile(read, migrate), { retentionDays }).profile;
  const changed = [...new Set([...keys(read), ...keys(clean)])].filter((k) => read[k] !== clean[k]);
  if (!changed.length) return;
  const moved: Record<string, ProfileEntry> = {};
  for (const k of changed) if (clean[k]) moved[k] = clean[k];
  // remove, then put back what moved (merge keeps the later entry, so a plain merge could not move onto an older key)
  void store.remove(changed).then(() => void (keys(moved).length && store.merge(moved)));
};

/** One namespace's store (IndexedDB, or memory), its consent gate, and the forms attached to it. */
function openSpace(state: PageState, persistent: boolean, ns: string): Space {
  const forms = new Set<Attached>();
  const store = persistent ? createIdbProfileStore({
    namespace: ns,
    onProblem: ({ message }) => {
      s.failed = true;
      state.warn(message);
      forms.forEach((f) => f.report(message));
    },
  }) : createMemoryProfileStore();
  // Changed (here or in another tab, over the BroadcastChannel): open forms re-plan; cleared:
  // forms showing remembered values start over.
  const changed = (p: Profile) => forms.forEach((f) => (keys(p).length ? f.update(p) : f.restart()));
  store.subscribe(changed);
  // Where BroadcastChannel is missing (or a message was missed while the tab slept), a tab the
  // visitor comes back to re-reads (never creating a database). localStorage `storage` events
  // would need a write to localStorage on every change: not worth a trace the page did not ask for.
  if (persistent) globalThis.document?.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.consent != false) void readStoredProfile(ns).then(([p]) => keys(p).length && changed(p));
  });
  const s: Space = { store, gate: createConsentGate(store, { granted: state.consent == true }), forms };
  return s;
}

/**
 * A form is interactive and its config valid: from now on its namespace's store tells it of
 * storage problems, restarts a form that shows remembered values when the stored profile is
 * erased, and re-plans it when answers are stored elsewhere. Where the config requires
 * consent, a ticked consent field gives it, for the page. Where storing is allowed, the
 * profile the form was planned from (`a.read`, or read now when absent) is cleaned up in the
 * store: renamed keys moved (`profiling.migrate`), entries older than `retentionDays` purged.
 */
function attachForm(
  state: PageState,
  persistent: boolean,
  s: Space,
  giveConsent: () => void,
  form: FormConfig,
  session: FormSession,
  a: ProfileAttachment,
): () => void {
  let reported = false;
  const me: Attached = {
    report: (message) => {
      if (reported) return;
      reported = true;
      state.warn(message);
      a.storageError(message);
    },
    restart: () => void (keys(session.known.peek()).length && session.notYou()),
    update: a.refresh,
  };
  s.forms.add(me);
  let attached = true;

  const mode = form.profiling?.consent;
  // A consent field ticked (also before the runtime arrived): consent given. Consent is the box's
  // current state: unticked again, the consent its tick gave is withdrawn.
  const { consents } = compileForm(form);
  let gave = false;
  const ticked = (id: string, value: unknown) => {
    if (mode != 'required' || !consents.includes(id)) return;
    if (value === true) {
      if (state.consent != true) (gave = true), a.consent ? a.consent(true) : giveConsent();
    } else if (gave) (gave = false), a.consent?.(false);
  };
  const values = session.values.peek();
  consents.forEach((id) => ticked(id, values[id]));
  const off = session.on('change', ({ field, value }) => ticked(field, value));

  const planned = (read: Profile, problem: unknown, late?: boolean) => {
    if (!attached) return;
    if (late && keys(read).length) a.refresh(read);
    if (problem) me.report(unavailableMessage(problem));
    if (storageAllowed(state, mode) && keys(read).length) tidy(s.store, form, read);
  };
  if (a.read) {
    planned(a.read, a.problem);
    // Read again now that this page hears of changes: another tab may have forgotten or stored
    // answers between the page's own read and this moment (the script tag connects when idle).
    if (persistent && state.consent !== false)
      void readStoredProfile(a.namespace).then(([now]) => {
        if (!attached || JSON.stringify(now) == JSON.stringify(a.read)) return;
        if (keys(now).length) me.update(now);
        else me.restart();
      });
  }
  // What the visitor's browser remembers arrives after the first render: the view only ever shortens.
  else if (persistent && state.consent !== false) void readStoredProfile(a.namespace).then(([read, problem]) => planned(read, problem, true));
  return () => {
    attached = false;
    off();
    s.forms.delete(me);
  };
}

/** `persistent` false: every namespace's store lives in memory, for this page only. */
export function createProfiles(state: PageState, persistent = true): Profiles {
  const spaces = new Map<string, Space>();
  const prefix = profileDb() + ':';

  const space = (ns = ''): Space => {
    let s = spaces.get(ns);
    if (!s) spaces.set(ns, (s = openSpace(state, persistent, ns)));
    return s;
  };

  /** The consent record, stored with the answers consent let us store. */
  const consented = (): Profile => ({
    [CONSENT_KEY]: {
      value: true,
      learnedAt: new Date().toISOString(),
      source: { form: 'consent', page: (globalThis.location?.href ?? '').split(/[?#]/)[0]! },
    },
  });

  const clear = async (ns: string) => {
    const s = space(ns);
    if (!s.gate.granted) await s.gate.clear();
    await s.store.clear();
  };

  const profiles: Profiles = {
    attach: (form, session, a) => attachForm(state, persistent, space(a.namespace), () => void profiles.consent(true), form, session, a),

    /** What a submission taught (`SessionOptions.onLearn`): stored, or held in memory until consent. */
    async learn(ns, form, entries) {
      const s = space(ns);
      // a submission of consent and hidden fields only teaches nothing: nothing to store (no empty database)
      if (keys(entries).length)
        await (storageAllowed(state, form.profiling?.consent) ? s.store : s.gate).merge(state.consent ? { ...entries, ...consented() } : entries);
    },

    /** "Not you?": the stored profile of this namespace is erased (and the answers held for consent). */
    clear,

    async consent(granted) {
      state.consent = granted;
      if (!granted) {
        for (const s of spaces.values()) await s.gate.revoke();
        return;
      }
      for (const s of spaces.values())
        if (!s.gate.granted && keys(await s.gate.read()).length) {
          await s.gate.merge(consented());
          await s.gate.grant();
        }
    },

    /**
     * Erase every Cairn profile of this origin — the default one, every namespace used on this
     * page and every other `cairn-profile:*` database the browser lists — and what this page
     * holds in memory. Open forms that show remembered values start over, here and in other tabs.
     */
    async forget() {
      const names = new Set(['', ...spaces.keys()]);
      // no IndexedDB, or no databases() (older browsers): the namespaces known to this page
      if (persistent) for (const name of (await listDbs()) ?? []) if (name.startsWith(prefix)) names.add(name.slice(prefix.length));
      for (const ns of names) await clear(ns);
    },

    /**
     * What is stored. Read without creating anything (so asking does not store an empty profile
     * before consent); where storage failed on this page, the memory the store fell back to.
     * Answers held until consent are not stored, so not included.
     */
    async profile(ns = '') {
      const s = spaces.get(ns);
      if (s?.failed || !persistent) return s ? s.store.read() : {};
      // a blocked IndexedDB (a deletion waiting on another tab) must not leave the promise pending
      const late = new Promise<[Profile, unknown]>((r) => setTimeout(r, 3e3, [{}, Error('no answer in 3 s')]));
      const [p, problem] = await Promise.race([readStoredProfile(ns), late]);
      if (problem) state.warn(unavailableMessage(problem));
      return p;
    },
  };
  return profiles;
}
