// IndexedDB here is fake-indexeddb: a fresh `IDBFactory` is installed as the
// global `indexedDB` before each test (vi.stubGlobal), so every test starts with
// no databases. BroadcastChannel is Node 20's (happy-dom keeps it), which
// delivers between channels in one thread like tabs of one origin.
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldValue } from '../model/values.js';
import { createIdbProfileStore, forgetEverything, profileDbName } from './idb-store.js';
import type { Profile, ProfileEntry, ProfileStore, StorageProblem } from './profile.js';

const entry = (value: FieldValue, learnedAt: string, more: Partial<ProfileEntry> = {}): ProfileEntry => ({
  value,
  learnedAt,
  source: { form: 'demo', version: 1, page: 'https://example.com/demo' },
  ...more,
});
const company = entry('Acme', '2024-01-01T00:00:00Z');
const role = entry('CTO', '2024-01-02T00:00:00Z');

const opened: ProfileStore[] = [];
const open = (...args: Parameters<typeof createIdbProfileStore>) => {
  const store = createIdbProfileStore(...args);
  opened.push(store);
  return store;
};
/** The next profile a subscriber of `store` receives. */
const next = (store: ProfileStore) => new Promise<Profile>((resolve) => store.subscribe(resolve));
const databases = async () => (await indexedDB.databases()).map((d) => d.name);
/** Read the raw record with plain IndexedDB, bypassing the store. */
const raw = (db: string) =>
  new Promise<unknown>((resolve, reject) => {
    const r = indexedDB.open(db);
    r.onsuccess = () => {
      const g = r.result.transaction('profile').objectStore('profile').get('profile');
      g.onsuccess = () => (r.result.close(), resolve(g.result));
      g.onerror = () => reject(g.error);
    };
    r.onerror = () => reject(r.error);
  });

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
});
afterEach(() => {
  opened.splice(0).forEach((s) => s.close());
  vi.unstubAllGlobals();
});

describe('createIdbProfileStore', () => {
  it('opens nothing until first used', async () => {
    const store = open();
    store.subscribe(() => {});
    expect(await databases()).toEqual([]);
    await store.read();
    expect(await databases()).toEqual(['cairn-profile']);
  });

  it('keeps the profile as one record `profile` in store `profile` of database `cairn-profile`', async () => {
    await open().merge({ company });
    expect(await raw('cairn-profile')).toEqual({ company });
    expect(await open().read()).toEqual({ company });
  });

  it('keeps namespaces apart (`cairn-profile:<namespace>`)', async () => {
    expect(profileDbName('brand')).toBe('cairn-profile:brand');
    await open({ namespace: 'brand' }).merge({ role });
    await open().merge({ company });
    expect(await raw('cairn-profile:brand')).toEqual({ role });
    expect(await open({ namespace: 'brand' }).read()).toEqual({ role });
    expect(await open().read()).toEqual({ company });
  });

  it('merges by time against what is stored', async () => {
    const a = open();
    await a.merge({ company });
    const older = entry('Old Co', '2023-01-01T00:00:00Z');
    const confirmed = entry('Acme', '2023-01-01T00:00:00Z', { confirmedAt: '2024-05-01T00:00:00Z' });
    expect(await open().merge({ company: older })).toEqual({ company });
    expect(await open().merge({ company: confirmed })).toEqual({ company: confirmed });
    expect(await a.read()).toEqual({ company: confirmed });
  });

  it('two instances (tabs) merging different keys at the same time both survive', async () => {
    const a = open();
    const b = open();
    await a.read(); // both connections open, like two loaded tabs
    await b.read();
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((k, i) => (i % 2 ? a : b).merge({ [k]: entry(k, '2024-01-01T00:00:00Z') })));
    expect(Object.keys(await open().read()).sort()).toEqual(keys);
  });

  it('removes keys', async () => {
    const a = open();
    await a.merge({ company, role });
    expect(await a.remove(['company'])).toEqual({ role });
    expect(await open().read()).toEqual({ role });
  });

  it('clear() deletes the database; other open instances keep working after it', async () => {
    const a = open();
    const b = open();
    await a.merge({ company });
    expect(await b.read()).toEqual({ company });
    await a.clear();
    expect(await databases()).toEqual([]);
    expect(await b.read()).toEqual({});
    await b.merge({ role });
    expect(await a.read()).toEqual({ role });
  });

  it('a write issued right after clear() is kept', async () => {
    const a = open();
    await a.merge({ company });
    const cleared = a.clear();
    const merged = a.merge({ role });
    await Promise.all([cleared, merged]);
    expect(await open().read()).toEqual({ role });
  });

  it("notifies this instance's subscribers after its own writes", async () => {
    const a = open();
    const seen = next(a);
    await a.merge({ company });
    expect(await seen).toEqual({ company });
  });

  it('notifies subscribers of other instances through BroadcastChannel', async () => {
    const a = open();
    const b = open();
    const seen = next(b);
    await a.merge({ company });
    expect(await seen).toEqual({ company });
    const cleared = next(b);
    await a.clear();
    expect(await cleared).toEqual({});
  });

  it('does not notify another namespace, nor an instance with channel: false', async () => {
    const a = open();
    const other = vi.fn();
    const off = vi.fn();
    open({ namespace: 'brand' }).subscribe(other);
    open({ channel: false }).subscribe(off);
    const sentinel = next(open());
    await a.merge({ company });
    await sentinel; // delivered to the same-namespace instance…
    await new Promise((r) => setTimeout(r, 20));
    expect(other).not.toHaveBeenCalled(); // …but not to these
    expect(off).not.toHaveBeenCalled();
  });

  it('without BroadcastChannel: still stores and notifies its own subscribers', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const a = open();
    const seen = next(a);
    await expect(a.merge({ company })).resolves.toEqual({ company });
    expect(await seen).toEqual({ company });
    expect(await open().read()).toEqual({ company });
  });
});

describe('createIdbProfileStore: falls back to memory, never rejects', () => {
  const MESSAGE = /^IndexedDB is unavailable \(.+\); answers are kept in memory for this page only$/;

  /** Runs every method; each must resolve; what was merged stays readable. */
  const exercise = async (store: ProfileStore) => {
    expect(await store.read()).toEqual({});
    expect(await store.merge({ company })).toEqual({ company });
    expect(await store.merge({ role })).toEqual({ company, role });
    expect(await store.read()).toEqual({ company, role });
    expect(await store.remove(['company'])).toEqual({ role });
    await expect(store.clear()).resolves.toBeUndefined();
    expect(await store.read()).toEqual({});
  };

  it('when indexedDB.open throws (private mode, sandboxed iframe)', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      deleteDatabase: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    const onProblem = vi.fn<(p: StorageProblem) => void>();
    await exercise(open({ onProblem }));
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(onProblem.mock.calls[0]![0]).toMatchObject({ kind: 'storage-unavailable', message: expect.stringMatching(MESSAGE) });
    expect(onProblem.mock.calls[0]![0].message).toContain('The operation is insecure.');
  });

  it('when indexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const onProblem = vi.fn();
    await exercise(open({ onProblem }));
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(onProblem.mock.calls[0]![0].message).toBe('IndexedDB is unavailable (not supported here); answers are kept in memory for this page only');
  });

  it('when opening fails while several operations wait on it: one report, nothing lost', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        const request: { onerror?: () => void; error?: DOMException } = {};
        setTimeout(() => {
          request.error = new DOMException('Access denied', 'UnknownError');
          request.onerror?.();
        });
        return request;
      },
    });
    const onProblem = vi.fn();
    const store = open({ onProblem });
    const k = (i: number) => entry(i, '2024-01-01T00:00:00Z');
    await Promise.all([store.merge({ a: k(1) }), store.merge({ b: k(2) }), store.read(), store.merge({ c: k(3) })]);
    expect(await store.read()).toEqual({ a: k(1), b: k(2), c: k(3) });
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(onProblem.mock.calls[0]![0].message).toContain('Access denied');
  });

  it('when opening is blocked', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        const request: { onblocked?: () => void } = {};
        setTimeout(() => request.onblocked?.());
        return request;
      },
    });
    const onProblem = vi.fn();
    const store = open({ onProblem });
    expect(await store.merge({ company })).toEqual({ company });
    expect(await store.read()).toEqual({ company });
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(onProblem.mock.calls[0]![0].message).toBe('IndexedDB is unavailable (blocked); answers are kept in memory for this page only');
  });

  it('when a write fails later (quota): keeps what was stored and the new answer', async () => {
    const onProblem = vi.fn();
    const store = open({ onProblem });
    await store.merge({ company });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    });
    expect(await store.merge({ role })).toEqual({ company, role });
    expect(await store.read()).toEqual({ company, role });
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(onProblem.mock.calls[0]![0].message).toContain('Quota exceeded');
    vi.mocked(IDBObjectStore.prototype.put).mockRestore();
    expect(await open().read()).toEqual({ company }); // the database was left as it was
  });

  it('a throwing onProblem does not make the store reject', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = open({
      onProblem: () => {
        throw new Error('host bug');
      },
    });
    await expect(store.merge({ company })).resolves.toEqual({ company });
  });
});

describe('forgetEverything', () => {
  it("deletes the namespace's database and tells open tabs", async () => {
    const tab = open();
    await tab.merge({ company });
    await open({ namespace: 'brand' }).merge({ role });
    const seen = next(tab);
    await forgetEverything();
    expect(await databases()).toEqual(['cairn-profile:brand']);
    expect(await seen).toEqual({});
    await forgetEverything({ namespace: 'brand' });
    expect(await databases()).toEqual([]);
  });

  it('resolves when IndexedDB is unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(forgetEverything()).resolves.toBeUndefined();
  });
});
