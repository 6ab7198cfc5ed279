// The page's profile stores (createProfiles) in happy-dom with fake-indexeddb: every test a page of
// its own (test/page-sandbox.ts: a fresh IndexedDB, the runtime's listeners and channels taken
// away after it) and a fresh `createProfiles`. The sessions here are bare `createSession`s, so
// nothing but the stores under test touches IndexedDB. The browser tests
// (packages/embed/test/profiling.browser.test.ts) cover the same in Chromium.
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { databases, pagePerTest, until } from '../../test/page-sandbox.js';
import { buildPayload } from '../payload/build-payload.js';
import { createIdbProfileStore } from '../profile/idb-store.js';
import type { Profile, ProfileEntry } from '../profile/profile.js';
import type { FormConfig } from '../schema/form-schema.js';
import { createSession } from '../session/create-session.js';
import type { FormSession } from '../session/form-session.js';
import type { PageState } from './page-state.js';
import { createProfiles, type Profiles } from './profiles.js';
import { readStoredProfile } from './read-profile.js';
import { frozenCopy, leadAfterHook } from '../payload/frozen-copy.js';

pagePerTest();

let warn: Mock<(message: string) => void>;
let state: PageState;
let profiles: Profiles;
const detaches: (() => void)[] = [];

beforeEach(() => {
  warn = vi.fn<(message: string) => void>();
  state = { warn };
  profiles = createProfiles(state);
});
afterEach(() => detaches.splice(0).forEach((detach) => detach()));

const DAY = 864e5;
const NOW = Date.now();
const entry = (value: string, daysAgo = 1, form = 'demo'): ProfileEntry => ({
  value,
  learnedAt: new Date(NOW - daysAgo * DAY).toISOString(),
  source: { form, page: 'https://example.test/demo' },
});
const form = (profiling: FormConfig['profiling'] = {}, extra: FormConfig['steps'][number]['fields'] = []): FormConfig => ({
  id: 'f',
  version: 1,
  steps: [{ id: 's', fields: [{ id: 'company', type: 'text', label: 'Company' }, ...extra] }],
  submit: { endpoint: '/leads' },
  profiling,
});
/** Put a profile in the database the way the store does (one record), telling nobody. */
const seed = async (profile: Profile, namespace?: string) => {
  const store = createIdbProfileStore({ namespace, channel: false });
  await store.merge(profile);
  store.close();
};
const stored = async (namespace?: string) => (await readStoredProfile(namespace))[0];
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** A bare session planned from `read` (no page runtime of its own). */
const open = (f: FormConfig, read: Profile): FormSession =>
  createSession(f, { profile: read, urlParams: {}, cookies: {} }, {
    deliver: async () => ({ ok: true }),
    lead: leadAfterHook,
    copy: frozenCopy,
    context: () => ({ page: 'https://example.test/demo', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' }),
    payload: buildPayload,
  });
/** A session attached to the default namespace's store, as the page runtime attaches a mounted form. */
const attach = (f: FormConfig, read: Profile = {}, problem?: unknown) => {
  const session = open(f, read);
  const storageError = vi.fn<(message: string) => void>();
  const detach = profiles.attach(f, session, { namespace: '', read, problem, storageError, refresh: (p) => session.updateProfile(p) });
  detaches.push(detach);
  return { session, detach, storageError };
};

describe('readStoredProfile (raw IndexedDB)', () => {
  it('reads the stored profile', async () => {
    await seed({ company: entry('Acme') });
    expect(await readStoredProfile()).toEqual([{ company: entry('Acme') }]);
  });

  it('a first visit opens nothing: indexedDB.databases() has no profile database', async () => {
    const open = vi.spyOn(indexedDB, 'open');
    expect(await readStoredProfile('brand')).toEqual([{}]);
    expect(open).not.toHaveBeenCalled();
    expect(await databases()).toEqual([]);
  });

  it('where databases() is missing, the open creates nothing either (the upgrade is aborted)', async () => {
    Object.defineProperty(indexedDB, 'databases', { configurable: true, value: undefined });
    try {
      expect(await readStoredProfile('brand')).toEqual([{}, false]);
    } finally {
      delete (indexedDB as { databases?: unknown }).databases;
    }
    expect(await databases()).toEqual([]);
  });

  it('resolves with the problem when IndexedDB is missing or throws', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const [profile, problem] = await readStoredProfile();
    expect(profile).toEqual({});
    expect(problem).toBeInstanceOf(Error);
  });
});

describe('attach', () => {
  it('where storing is allowed, moves renamed keys and purges expired entries in the store', async () => {
    const read = { org: entry('Acme', 3), role: entry('CTO', 400), email: entry('a@b.test') };
    await seed(read);
    attach(form({ migrate: { org: 'company' } }), read);
    await until(async () => !!(await stored()).company);
    expect(await stored()).toEqual({ company: read.org, email: read.email });
  });

  it('a profile with nothing to clean up is not written', async () => {
    const read = { company: entry('Acme', 3) };
    await seed(read);
    const other = createIdbProfileStore();
    const heard = vi.fn();
    other.subscribe(heard);
    attach(form(), read);
    await settle();
    expect(heard).not.toHaveBeenCalled(); // no write, so no broadcast
    expect(await stored()).toEqual(read);
    other.close();
  });

  it('without `read` (createForm), reads the stored profile itself: the form is re-planned with it and it is cleaned up', async () => {
    const old = { org: entry('Acme', 3), role: entry('CTO', 400) };
    await seed(old);
    const f = form({ migrate: { org: 'company' } });
    const session = open(f, {});
    const refresh = vi.fn<(p: Profile) => void>();
    detaches.push(profiles.attach(f, session, { namespace: '', storageError: vi.fn(), refresh }));
    await until(async () => !!(await stored()).company);
    expect(refresh).toHaveBeenCalledWith(old);
    expect(await stored()).toEqual({ company: old.org });
  });

  it('without `read`: no profile, no database; consent withdrawn, nothing read; detached first, nothing done', async () => {
    const refresh = vi.fn<(p: Profile) => void>();
    const attachUnread = () => profiles.attach(form(), open(form(), {}), { namespace: '', storageError: vi.fn(), refresh });
    detaches.push(attachUnread());
    await settle();
    expect(await databases()).toEqual([]);

    await seed({ company: entry('Acme') });
    attachUnread()(); // detached before the read lands
    state.consent = false;
    detaches.push(attachUnread());
    await settle();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('without `read`, a failed read is reported like a given problem', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const storageError = vi.fn<(message: string) => void>();
    detaches.push(profiles.attach(form(), open(form(), {}), { namespace: '', storageError, refresh: vi.fn() }));
    await until(() => storageError.mock.calls.length > 0);
    expect(storageError).toHaveBeenCalledTimes(1);
    expect(storageError.mock.calls[0]![0]).toMatch(/^IndexedDB is unavailable \(.+\); answers are kept in memory for this page only$/);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('with consent required and not given, does not touch the store', async () => {
    const read = { role: entry('CTO', 400) };
    await seed(read);
    attach(form({ consent: 'required' }), read);
    await settle();
    expect(await stored()).toEqual(read);
  });

  it('reports the read problem once, as an error for the form and one console line for the page', async () => {
    const { storageError } = attach(form(), {}, Error('denied'));
    attach(form(), {}, Error('denied again'));
    expect(storageError).toHaveBeenCalledTimes(1);
    expect(storageError).toHaveBeenCalledWith('IndexedDB is unavailable (denied); answers are kept in memory for this page only');
    expect(warn).toHaveBeenCalledTimes(2); // per form here; `createPageState().warn` says it once per page
    expect(warn).toHaveBeenCalledWith('IndexedDB is unavailable (denied); answers are kept in memory for this page only');
  });

  it('a ticked consent field of a form that requires consent gives it; one of a form that does not, does not', async () => {
    const consentField = [{ id: 'ok', type: 'consent' as const, label: 'OK' }];
    const free = attach(form({}, consentField));
    free.session.set('ok', true);
    expect(state.consent).toBeUndefined();
    const gated = attach(form({ consent: 'required' }, consentField));
    gated.session.set('ok', true);
    expect(state.consent).toBe(true);
  });

  it('a consent field ticked before the form was attached counts too', async () => {
    const f = form({ consent: 'required' }, [{ id: 'ok', type: 'consent', label: 'OK' }]);
    const session = open(f, {});
    session.set('ok', true);
    detaches.push(profiles.attach(f, session, { namespace: '', read: {}, storageError: vi.fn(), refresh: vi.fn() }));
    expect(state.consent).toBe(true);
  });

  it('a form showing remembered values starts over when the profile is erased; detached, it does not', async () => {
    const read = { company: entry('Acme') };
    await seed(read);
    const { session } = attach(form(), read);
    const gone = attach(form(), read);
    gone.detach();
    const notYou = vi.fn();
    const goneNotYou = vi.fn();
    session.on('notYou', notYou);
    gone.session.on('notYou', goneNotYou);
    await profiles.forget();
    expect(notYou).toHaveBeenCalledTimes(1);
    expect(session.known.peek()).toEqual({});
    expect(goneNotYou).not.toHaveBeenCalled();
    expect(gone.session.known.peek()).toEqual(read);
  });
});

describe('a page that connects late', () => {
  it('a profile forgotten in another tab after this page read it: the form starts over when it attaches', async () => {
    const read = { company: entry('Acme') };
    await seed(read);
    const session = open(form(), read);
    const notYou = vi.fn();
    session.on('notYou', notYou);
    // another tab forgets while this page's runtime is still loading: nobody here hears the broadcast
    const other = createIdbProfileStore({ channel: false });
    await other.clear();
    other.close();
    detaches.push(profiles.attach(form(), session, { namespace: '', read, storageError: vi.fn(), refresh: (p) => session.updateProfile(p) }));
    await until(() => notYou.mock.calls.length > 0);
    expect(session.known.peek()).toEqual({});
  });

  it('answers stored in another tab meanwhile re-plan the form; an unchanged profile changes nothing', async () => {
    const read = { company: entry('Acme') };
    await seed(read);
    const refresh = vi.fn();
    detaches.push(profiles.attach(form(), open(form(), read), { namespace: '', read, storageError: vi.fn(), refresh }));
    await settle(50);
    expect(refresh).not.toHaveBeenCalled();
    await seed({ role: entry('CTO') });
    detaches.push(profiles.attach(form(), open(form(), read), { namespace: '', read, storageError: vi.fn(), refresh }));
    await until(() => refresh.mock.calls.length > 0);
    expect(refresh.mock.calls[0]![0]).toMatchObject({ company: entry('Acme'), role: entry('CTO') });
  });
});

describe('consent', () => {
  const gated = form({ consent: 'required' });

  it('before consent, learned answers are held in memory: no database; consent writes them', async () => {
    await profiles.learn('', gated, { company: entry('Acme') });
    expect(await databases()).toEqual([]);
    expect(await profiles.profile()).toEqual({});
    expect(await databases()).toEqual([]);
    await profiles.consent(true);
    expect(state.consent).toBe(true);
    // with the consent record, so the site's next pages know consent was given
    expect(await profiles.profile()).toEqual({
      company: entry('Acme'),
      $consent: { value: true, learnedAt: expect.any(String), source: { form: 'consent', page: location.href.split(/[?#]/)[0] } },
    });
    // from now on, stored as learned
    await profiles.learn('', gated, { role: entry('CTO') });
    expect(Object.keys(await profiles.profile()).sort()).toEqual(['$consent', 'company', 'role']);
  });

  it('consent given before the page learned anything: answers are stored at once, with the consent record', async () => {
    state.consent = true;
    await profiles.learn('', gated, { company: entry('Acme') });
    expect(Object.keys(await stored()).sort()).toEqual(['$consent', 'company']);
  });

  it('without consent given on the page (profiling.consent "none"), no consent record is stored', async () => {
    await profiles.learn('', form(), { company: entry('Acme') });
    expect(await profiles.profile()).toEqual({ company: entry('Acme') });
  });

  it('consent with nothing held, or a submission that taught nothing, creates no database', async () => {
    await profiles.learn('', gated, {}); // a space exists, nothing held
    await profiles.consent(true);
    await profiles.learn('', form(), {});
    expect(await databases()).toEqual([]);
  });

  it('withdrawn: everything is erased and answers are held again, also for forms that do not require consent', async () => {
    await profiles.learn('', form(), { company: entry('Acme') });
    expect(await databases()).toEqual(['cairn-profile']);
    await profiles.consent(false);
    expect(state.consent).toBe(false);
    expect(await databases()).toEqual([]);
    await profiles.learn('', form(), { role: entry('CTO') });
    expect(await databases()).toEqual([]);
    expect(await profiles.profile()).toEqual({});
  });
});

describe('forget and clear', () => {
  it('forget erases every Cairn profile database of the origin, namespaces included, and nothing else', async () => {
    await seed({ company: entry('Acme') });
    await seed({ company: entry('Brand') }, 'brand');
    const other = indexedDB.open('someone-else');
    await new Promise((r) => (other.onsuccess = () => r(other.result.close())));
    await profiles.forget();
    expect(await databases()).toEqual(['someone-else']);
  });

  it('forget erases what is held for consent too', async () => {
    await profiles.learn('', form({ consent: 'required' }), { company: entry('Acme') });
    await profiles.forget();
    await profiles.consent(true);
    expect(await databases()).toEqual([]); // nothing was held any more
  });

  it('clear ("Not you?") erases one namespace and the answers held for consent', async () => {
    await seed({ company: entry('Acme') });
    await seed({ company: entry('Brand') }, 'brand');
    await profiles.learn('brand', form({ consent: 'required' }), { role: entry('CTO') });
    await profiles.clear('brand');
    expect(await databases()).toEqual(['cairn-profile']);
    await profiles.consent(true);
    expect(await databases()).toEqual(['cairn-profile']); // nothing was held any more
  });

  it('when IndexedDB fails, the page keeps what it learned in memory, reports once, and forget clears it', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await profiles.learn('', form(), { company: entry('Acme') });
    expect(await profiles.profile()).toEqual({ company: entry('Acme') });
    await profiles.forget();
    expect(await profiles.profile()).toEqual({});
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^IndexedDB is unavailable \(.+\); answers are kept in memory for this page only$/);
  });

  it('not persistent (storage "memory"): learned, read and forgotten in memory, nothing in IndexedDB', async () => {
    const memory = createProfiles(state, false);
    await memory.learn('', form(), { company: entry('Acme') });
    expect(await memory.profile()).toEqual({ company: entry('Acme') });
    expect(await memory.profile('other')).toEqual({});
    await memory.forget();
    expect(await memory.profile()).toEqual({});
    expect(await databases()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('open forms stay in sync', () => {
  const twoSteps = (): FormConfig => ({
    id: 'f',
    version: 1,
    steps: [
      { id: 'a', fields: [{ id: 'email', type: 'email', label: 'Email' }] },
      { id: 'b', fields: [{ id: 'company', type: 'text', label: 'Company' }, { id: 'role', type: 'text', label: 'Role' }] },
    ],
    submit: { endpoint: '/leads' },
    profiling: { pool: ['company', 'role'] },
  });

  it('answers another tab stores (over the BroadcastChannel) skip the fields this open form has not shown yet', async () => {
    const { session } = attach(twoSteps());
    expect(session.skipped.value.has('company')).toBe(false);
    // "another tab": its own store instance, writing the same database and announcing it
    const other = createIdbProfileStore();
    await other.merge({ company: entry('Acme') });
    await until(() => session.skipped.value.has('company'));
    other.close();
    expect(session.skipped.value.has('company')).toBe(true);
    expect(session.known.value.company).toEqual(entry('Acme'));
    expect(session.skipped.value.has('role')).toBe(false);
  });

  it('answers another form of this page stores reach this open form too', async () => {
    const { session } = attach(twoSteps());
    await profiles.learn('', form(), { role: entry('CTO') });
    expect(session.skipped.value.has('role')).toBe(true);
  });

  it('without a message (no BroadcastChannel), a tab the visitor comes back to re-reads the profile', async () => {
    const { session } = attach(twoSteps());
    await seed({ role: entry('CTO') }); // written without a channel: nobody is told
    await settle(20);
    expect(session.skipped.value.has('role')).toBe(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => session.skipped.value.has('role'));
    expect(session.skipped.value.has('role')).toBe(true);
  });

  it('with consent withdrawn on this page, comes back to nothing', async () => {
    const { session } = attach(twoSteps());
    state.consent = false;
    await seed({ role: entry('CTO') });
    document.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(session.skipped.value.has('role')).toBe(false);
  });
});
