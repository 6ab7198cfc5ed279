// The script tag's profile storage, with fake-indexeddb (a fresh IDBFactory per test, installed as
// the global `indexedDB`) and a fresh copy of the modules per test (profiles.ts keeps one store per
// namespace per page). The browser tests (test/profiling.browser.test.ts) cover the same in Chromium.
import { IDBFactory } from 'fake-indexeddb';
import { createForm, type FormConfig, type Profile, type ProfileEntry } from '@cairn/core';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { ProfilePage } from './profile-read.js';

type Modules = typeof import('./profiles.js') & typeof import('./profile-read.js');
let m: Modules;
let warn: Mock<(message: string) => void>;
let page: ProfilePage;

beforeEach(async () => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.resetModules();
  m = { ...(await import('./profiles.js')), ...(await import('./profile-read.js')) };
  warn = vi.fn<(message: string) => void>();
  page = { warn };
});
afterEach(() => vi.unstubAllGlobals());

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
const names = async () => (await indexedDB.databases()).map((d) => d.name).sort();
/** Put a profile in the database the way the store does (one record). */
const seed = async (profile: Profile, ns?: string) => {
  const s = (await import('@cairn/core')).createIdbProfileStore({ namespace: ns, channel: false });
  await s.merge(profile);
  s.close();
};
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
};
const attach = (f: FormConfig, read: Profile, problem?: unknown, storageError = vi.fn()) => {
  const session = createForm(f, { profile: read, deliver: async () => ({ ok: true }) });
  const refresh = (p: Profile) => session.updateProfile(p);
  return { detach: m.attach(page, '', f, read, problem, session, storageError, refresh), session, storageError };
};

describe('readProfile (cairn.js: raw IndexedDB)', () => {
  it('reads the stored profile', async () => {
    await seed({ company: entry('Acme') });
    expect(await m.readProfile()).toEqual([{ company: entry('Acme') }]);
  });

  it('creates nothing when there is no profile (the upgrade is aborted)', async () => {
    expect(await m.readProfile('brand')).toEqual([{}, false]);
    expect(await names()).toEqual([]);
  });

  it('resolves with the problem when IndexedDB is missing or throws', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const [profile, problem] = await m.readProfile();
    expect(profile).toEqual({});
    expect(problem).toBeInstanceOf(Error);
  });
});

describe('attach', () => {
  it('where storing is allowed, moves renamed keys and purges expired entries in the store', async () => {
    const read = { org: entry('Acme', 3), role: entry('CTO', 400), email: entry('a@b.test') };
    await seed(read);
    attach(form({ migrate: { org: 'company' } }), read);
    await until(async () => !!(await m.readProfile())[0].company);
    expect((await m.readProfile())[0]).toEqual({ company: read.org, email: read.email });
  });

  it('with consent required and not given, does not touch the store', async () => {
    const read = { role: entry('CTO', 400) };
    await seed(read);
    attach(form({ consent: 'required' }), read);
    await new Promise((r) => setTimeout(r, 30));
    expect((await m.readProfile())[0]).toEqual(read);
  });

  it('reports the read problem once, as an error event and one console line', async () => {
    const { storageError } = attach(form(), {}, Error('denied'));
    expect(storageError).toHaveBeenCalledTimes(1);
    expect(storageError).toHaveBeenCalledWith('IndexedDB is unavailable (denied); answers are kept in memory for this page only');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('a ticked consent field of a form that requires consent gives it; one of a form that does not, does not', async () => {
    const consentField = [{ id: 'ok', type: 'consent' as const, label: 'OK' }];
    const free = attach(form({}, consentField), {});
    free.session.set('ok', true);
    expect(page.consent).toBeUndefined();
    const gated = attach(form({ consent: 'required' }, consentField), {});
    gated.session.set('ok', true);
    await until(async () => page.consent === true);
    expect(page.consent).toBe(true);
  });

  it('a form showing remembered values starts over when the profile is erased; detached, it does not', async () => {
    const read = { company: entry('Acme') };
    await seed(read);
    const { session, detach } = attach(form(), read);
    const notYou = vi.fn();
    session.on('notYou', notYou);
    await m.forget(page);
    expect(notYou).toHaveBeenCalledTimes(1);
    expect(session.known.peek()).toEqual({});
    detach();
  });
});

describe('consent', () => {
  const gated = form({ consent: 'required' });

  it('before consent, learned answers are held in memory: no database; consent writes them', async () => {
    await m.learn(page, '', gated, { company: entry('Acme') });
    expect(await names()).toEqual([]);
    expect(await m.profile(page)).toEqual({});
    expect(await names()).toEqual([]);
    await m.consent(page, true);
    // with the consent record, so the site's next pages know consent was given
    expect(await m.profile(page)).toEqual({
      company: entry('Acme'),
      $consent: { value: true, learnedAt: expect.any(String), source: { form: 'consent', page: location.href.split(/[?#]/)[0] } },
    });
    // from now on, stored as learned
    await m.learn(page, '', gated, { role: entry('CTO') });
    expect(Object.keys(await m.profile(page)).sort()).toEqual(['$consent', 'company', 'role']);
  });

  it('without consent given on the page (profiling.consent "none"), no consent record is stored', async () => {
    await m.learn(page, '', form(), { company: entry('Acme') });
    expect(await m.profile(page)).toEqual({ company: entry('Acme') });
  });

  it('consent with nothing held, or a submission that taught nothing, creates no database', async () => {
    await m.learn(page, '', gated, {}); // a space exists, nothing held
    await m.consent(page, true);
    await m.learn(page, '', form(), {});
    expect(await names()).toEqual([]);
  });

  it('withdrawn: everything is erased and answers are held again, also for forms that do not require consent', async () => {
    await m.learn(page, '', form(), { company: entry('Acme') });
    expect(await names()).toEqual(['cairn-profile']);
    await m.consent(page, false);
    expect(await names()).toEqual([]);
    await m.learn(page, '', form(), { role: entry('CTO') });
    expect(await names()).toEqual([]);
  });
});

describe('forget and clear', () => {
  it('forget erases every Cairn profile database of the origin, namespaces included, and nothing else', async () => {
    await seed({ company: entry('Acme') });
    await seed({ company: entry('Brand') }, 'brand');
    const other = indexedDB.open('someone-else');
    await new Promise((r) => (other.onsuccess = () => r(other.result.close())));
    await m.forget(page);
    expect(await names()).toEqual(['someone-else']);
  });

  it('clear ("Not you?") erases one namespace and the answers held for consent', async () => {
    await seed({ company: entry('Acme') });
    await seed({ company: entry('Brand') }, 'brand');
    await m.learn(page, 'brand', form({ consent: 'required' }), { role: entry('CTO') });
    await m.clear(page, 'brand');
    expect(await names()).toEqual(['cairn-profile']);
    await m.consent(page, true);
    expect(await names()).toEqual(['cairn-profile']); // nothing was held any more
  });

  it('when IndexedDB fails, the page keeps what it learned in memory, reports once, and forget clears it', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await m.learn(page, '', form(), { company: entry('Acme') });
    expect(await m.profile(page)).toEqual({ company: entry('Acme') });
    await m.forget(page);
    expect(await m.profile(page)).toEqual({});
    expect(warn).toHaveBeenCalledTimes(1);
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
    const { session } = attach(twoSteps(), {});
    expect(session.skipped.value.has('company')).toBe(false);
    // "another tab": its own store instance, writing the same database and announcing it
    const other = (await import('@cairn/core')).createIdbProfileStore();
    await other.merge({ company: entry('Acme') });
    await until(async () => session.skipped.value.has('company'));
    other.close();
    expect(session.skipped.value.has('company')).toBe(true);
    expect(session.known.value.company).toEqual(entry('Acme'));
    expect(session.skipped.value.has('role')).toBe(false);
  });

  it('without a message (no BroadcastChannel), a tab the visitor comes back to re-reads the profile', async () => {
    const { session } = attach(twoSteps(), {});
    await seed({ role: entry('CTO') }); // written without a channel: nobody is told
    await new Promise((r) => setTimeout(r, 20));
    expect(session.skipped.value.has('role')).toBe(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await until(async () => session.skipped.value.has('role'));
    expect(session.skipped.value.has('role')).toBe(true);
  });

  it('with consent withdrawn on this page, comes back to nothing', async () => {
    const { session } = attach(twoSteps(), {});
    page.consent = false;
    await seed({ role: entry('CTO') });
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 30));
    expect(session.skipped.value.has('role')).toBe(false);
  });
});

describe('forget and the lead outbox', () => {
  it('erases leads that will never be sent (dead letters) and keeps pending ones: they were submitted', async () => {
    const core = await import('@cairn/core');
    const outbox = core.createIdbOutbox();
    const payload = (id: string) => ({
      schema: 'cairn.lead/1' as const,
      id,
      form: { id: 'f', version: 1 },
      submittedAt: new Date(NOW).toISOString(),
      answers: {},
      context: { page: 'https://example.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
    });
    // a custom transport no page registered: never attempted here
    const later = { id: 'crm', format: 'custom' as const, name: 'nobody' };
    const dead = core.createEntry(payload('dead'), [later], NOW);
    dead.destinations.crm = { ...dead.destinations.crm!, status: 'dead', deadReason: 'rejected', lastError: { status: 422, message: 'HTTP 422' } };
    await outbox.put(dead);
    await outbox.put(core.createEntry(payload('pending'), [later], NOW));
    await m.forget(page);
    expect((await core.createIdbOutbox().list()).map((e) => e.id)).toEqual(['pending']);
  });
});
