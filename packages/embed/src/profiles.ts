/**
 * The profile store side of the script tag, in cairn-later.js: everything but the first read
 * (cairn.js does that with raw IndexedDB, see profile-read.ts). One IndexedDB store per
 * namespace per page, wrapped in a consent gate; the forms mounted on the page attach to it.
 *
 * Writes go to the store when `storageAllowed` (profiling.consent "none" and consent not
 * withdrawn, or consent given); otherwise to the gate's memory, written when consent comes.
 */
import {
  createConsentGate,
  createIdbProfileStore,
  migrateProfile,
  profileDbName,
  purgeExpired,
  type ConsentGate,
  type FormConfig,
  type FormSession,
  type Profile,
  type ProfileEntry,
  type ProfileStore,
} from '@cairn/core';
import { dropDeadLetters } from './delivery.js';
import { CONSENT_KEY, readProfile, storageAllowed, unavailable, type ProfilePage } from './profile-read.js';
import { forgetSignals, storeSignals } from './signals.js';

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

const spaces = new Map<string, Space>();
const PREFIX = profileDbName() + ':';
const keys = Object.keys;

function space(page: ProfilePage, ns = ''): Space {
  let s = spaces.get(ns);
  if (!s) {
    const forms = new Set<Attached>();
    const store = createIdbProfileStore({
      namespace: ns,
      onProblem: ({ message }) => {
        s!.failed = true;
        page.warn(message);
        forms.forEach((f) => f.report(message));
      },
    });
    // Changed (here or in another tab, over the BroadcastChannel): open forms re-plan; cleared:
    // forms showing remembered values start over.
    const changed = (p: Profile) => forms.forEach((f) => (keys(p).length ? f.update(p) : f.restart()));
    store.subscribe(changed);
    // Where BroadcastChannel is missing (or a message was missed while the tab slept), a tab the
    // visitor comes back to re-reads (never creating a database). localStorage `storage` events
    // would need a write to localStorage on every change: not worth a trace the page did not ask for.
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && page.consent != false) void readProfile(ns).then(([p]) => keys(p).length && changed(p));
    });
    s = { store, gate: createConsentGate(store, { granted: page.consent == true }), forms };
    spaces.set(ns, s);
  }
  return s;
}

/**
 * A form is interactive and its config valid: from now on its namespace's store tells it of
 * storage problems (`problem`: the one cairn.js met reading the profile, if any) through
 * `storageError` (once per form; the console hears of it once per page), and a form that
 * shows remembered values starts over when the stored profile is erased (`Cairn.forget()`,
 * "Not you?", consent withdrawn, here or in another tab), and `refresh` re-plans it when
 * answers are stored (by another tab, or another form on this page). Where the config requires consent,
 * a ticked consent field gives it, for the page. Where storing is allowed, the profile the
 * form was planned from (`read`) is cleaned up in the store: renamed keys moved
 * (`profiling.migrate`), entries older than `retentionDays` purged. Returns the function that
 * detaches the form.
 */
export function attach(
  page: ProfilePage,
  ns: string,
  form: FormConfig,
  read: Profile,
  problem: unknown,
  session: FormSession,
  storageError: (message: string) => void,
  refresh: (profile: Profile) => void,
): () => void {
  const s = space(page, ns);
  let reported = false;
  const me: Attached = {
    report: (message) => {
      if (reported) return;
      reported = true;
      page.warn(message);
      storageError(message);
    },
    restart: () => void (keys(session.known.peek()).length && session.notYou()),
    update: refresh,
  };
  s.forms.add(me);
  if (problem) me.report(unavailable(problem));

  const { migrate = {}, retentionDays = 365, consent: mode } = form.profiling ?? {};
  // A consent field ticked (also before this module arrived): consent given.
  const consents = form.steps.flatMap((step) => step.fields.filter((f) => f.type == 'consent').map((f) => f.id));
  const ticked = (id: string, value: unknown) => {
    if (value === true && mode == 'required' && page.consent != true && consents.includes(id)) void consent(page, true);
  };
  const values = session.values.peek();
  consents.forEach((id) => ticked(id, values[id]));
  const off = session.on('change', ({ field, value }) => ticked(field, value));

  if (storageAllowed(page, mode) && keys(read).length) {
    const clean = purgeExpired(migrateProfile(read, migrate), { retentionDays }).profile;
    const changed = [...new Set([...keys(read), ...keys(clean)])].filter((k) => read[k] !== clean[k]);
    if (changed.length) {
      const moved: Record<string, ProfileEntry> = {};
      for (const k of changed) if (clean[k]) moved[k] = clean[k];
      // remove, then put back what moved (merge keeps the later entry, so a plain merge could not move onto an older key)
      void s.store.remove(changed).then(() => void (keys(moved).length && s.store.merge(moved)));
    }
  }
  return () => {
    off();
    s.forms.delete(me);
  };
}

/** The consent record, stored with the answers consent let us store. */
const consented = (): Profile => ({
  [CONSENT_KEY]: { value: true, learnedAt: new Date().toISOString(), source: { form: 'consent', page: location.href.split(/[?#]/)[0]! } },
});

/** What a submission taught (`SessionOptions.onLearn`): stored, or held in memory until consent. */
export async function learn(page: ProfilePage, ns: string, form: FormConfig, entries: Profile): Promise<void> {
  const s = space(page, ns);
  // a submission of consent and hidden fields only teaches nothing: nothing to store (no empty database)
  if (keys(entries).length)
    await (storageAllowed(page, form.profiling?.consent) ? s.store : s.gate).merge(page.consent ? { ...entries, ...consented() } : entries);
}

/** "Not you?": the stored profile of this namespace is erased (and the answers held for consent). */
export async function clear(page: ProfilePage, ns: string): Promise<void> {
  const s = space(page, ns);
  if (!s.gate.granted) await s.gate.clear();
  await s.store.clear();
}

/**
 * `Cairn.consent(granted)`. Given: the answers held in memory are written (only where some are
 * held: consent alone creates no database) with the consent record (so the site's next pages
 * know), and stored from now on. Withdrawn: everything is
 * erased, as by `forget`, and answers are held in memory again.
 */
export async function consent(page: ProfilePage, granted: boolean): Promise<void> {
  page.consent = granted;
  if (!granted) {
    for (const s of spaces.values()) await s.gate.revoke();
    return forget(page);
  }
  for (const s of spaces.values())
    if (!s.gate.granted && keys(await s.gate.read()).length) {
      await s.gate.merge(consented());
      await s.gate.grant();
    }
  // behaviour signals held in memory for consent are stored too
  await storeSignals(page);
}

/**
 * `Cairn.forget()`: erase every Cairn profile of this origin — the default one, every
 * namespace used on this page and every other `cairn-profile:*` database the browser lists —
 * and what this page holds in memory. Open forms that show remembered values start over, here
 * and in other tabs.
 */
export async function forget(page: ProfilePage): Promise<void> {
  const names = new Set(['', ...spaces.keys()]);
  try {
    for (const { name } of await indexedDB.databases()) if (name?.startsWith(PREFIX)) names.add(name.slice(PREFIX.length));
  } catch {
    // no IndexedDB, or no databases() (older browsers): the namespaces known to this page
  }
  for (const ns of names) await clear(page, ns);
  // and the behaviour signals (signals.ts), and leads that will never be sent (delivery.ts)
  await forgetSignals();
  await dropDeadLetters(page);
}

/**
 * `Cairn.profile(namespace?)`: what is stored. Read without creating anything (so asking does
 * not store an empty profile before consent); where storage failed on this page, the memory
 * the store fell back to. Answers held until consent are not stored, so not included.
 */
export async function profile(page: ProfilePage, ns = ''): Promise<Profile> {
  const s = spaces.get(ns);
  if (s?.failed) return s.store.read();
  // a blocked IndexedDB (a deletion waiting on another tab) must not leave the promise pending
  const late = new Promise<[Profile, unknown]>((r) => setTimeout(r, 3e3, [{}, Error('no answer in 3 s')]));
  const [p, problem] = await Promise.race([readProfile(ns), late]);
  if (problem) page.warn(unavailable(problem));
  return p;
}
