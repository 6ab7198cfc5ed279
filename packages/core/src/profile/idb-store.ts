import { get, update, type UseStore } from 'idb-keyval';
import { hub, omit } from './memory-store.js';
import { mergeProfiles, type Profile, type ProfileStore, type StorageProblem } from './profile.js';

export interface IdbProfileStoreOptions {
  /** Keeps separate profiles on one origin (e.g. two brands on one domain). */
  namespace?: string;
  /**
   * Called once, the first time storage fails (IndexedDB missing, blocked,
   * throwing on open, quota, a rejected transaction). From then on the store
   * works from memory for the rest of the page's life, keeping what it had.
   */
  onProblem?: (problem: StorageProblem) => void;
  /** Live sync with other tabs and store instances over BroadcastChannel (default true). */
  channel?: boolean;
}

/**
 * Where a profile lives: the IndexedDB database `cairn-profile` (or
 * `cairn-profile:<namespace>`), object store `profile`, the whole profile as
 * one record under the key `profile`. The BroadcastChannel that tells other
 * tabs to re-read has the same name as the database. Other Cairn stores (the
 * outbox…) must use their own database: idb-keyval creates one object store per database.
 */
export const profileDbName = (namespace?: string): string => 'cairn-profile' + (namespace ? ':' + namespace : '');

const S = 'profile';
const noop = () => {};

const idb = (): IDBFactory => {
  const f = globalThis.indexedDB;
  if (!f) throw Error('not supported here');
  return f;
};

/** Delete a database; resolves when deleted or blocked (by a connection that is not Cairn's; it goes once they close). */
const drop = (name: string) =>
  new Promise((ok, no) => {
    const r = idb().deleteDatabase(name);
    r.onsuccess = r.onblocked = ok;
    r.onerror = () => no(r.error);
  });

/**
 * A ProfileStore in IndexedDB (via idb-keyval), opened lazily on first use.
 * `merge` and `remove` are one read-modify-write transaction each, so two tabs
 * merging different keys both survive. After every write a BroadcastChannel
 * message (no data: 1 = changed, 0 = cleared) makes the subscribers of other
 * tabs and instances re-read; this instance's subscribers are called directly.
 * Without BroadcastChannel there is no live sync (writes still merge safely).
 * `clear()` deletes the database. Never throws or rejects: on any storage
 * failure it falls back to memory for the rest of the page's life.
 */
export function createIdbProfileStore(o: IdbProfileStoreOptions = {}): ProfileStore {
  const n = profileDbName(o.namespace);
  const h = hub();
  let db: Promise<IDBDatabase> | undefined;
  let bc: BroadcastChannel | null | undefined;
  /** Set once storage failed: the profile, in memory, from then on. */
  let mem: Profile | undefined;
  let last: Profile = {};

  const open = () => {
    const p = new Promise<IDBDatabase>((ok, no) => {
      const r = idb().open(n);
      r.onupgradeneeded = () => r.result.createObjectStore(S);
      r.onsuccess = () => {
        const d = r.result;
        // let another tab's clear()/forget delete the database, and reopen after it
        d.onversionchange = d.onclose = () => {
          d.close();
          if (db == p) db = undefined;
        };
        ok(d);
      };
      r.onerror = () => no(r.error);
      r.onblocked = () => no(Error('blocked'));
    });
    return p;
  };
  const use: UseStore = (mode, cb) => (db ??= open()).then((d) => cb(d.transaction(S, mode).objectStore(S)));

  const ch = () => {
    if (bc === undefined)
      try {
        bc = o.channel === false ? null : new BroadcastChannel(n);
        // 1: changed, re-read; 0: cleared (don't reopen the database just to find it empty)
        if (bc)
          bc.onmessage = (m) => {
            if (m.data) void (h.l.size && s.read().then(h.emit));
            else h.emit((mem &&= {}, (last = {})));
          };
      } catch {
        bc = null;
      }
    return bc;
  };

  const fail = (e: unknown) => {
    if (mem) return;
    mem = last;
    try {
      o.onProblem?.({
        kind: 'storage-unavailable',
        message: `IndexedDB is unavailable (${(e as Error)?.message || e}); answers are kept in memory for this page only`,
        cause: e,
      });
    } catch {
      /* the host's handler must not break the form */
    }
  };
  const run = async <T>(f: () => Promise<T>): Promise<T | void> => {
    if (!mem)
      try {
        return await f();
      } catch (e) {
        fail(e);
      }
  };
  const write = async (f: (p: Profile) => Profile, wipe?: 1): Promise<Profile> => {
    const v = await run(async () => {
      let v: Profile = {};
      if (wipe) {
        // close ours first, so a write right after reopens behind the delete
        db?.then((d) => d.close(), noop);
        db = undefined;
        await drop(n);
      } else await update<Profile>(S, (old) => (v = f(old || {})), use);
      return v;
    });
    if (v) ch()?.postMessage(wipe ? 0 : 1);
    const out = v || (mem = f(mem!));
    h.emit((last = out));
    return out;
  };

  const s: ProfileStore = {
    read: async () => (await run(async () => (last = (await get<Profile>(S, use)) || {}))) || mem!,
    merge: (e) => write((p) => mergeProfiles(p, e)),
    remove: (k) => write((p) => omit(p, k)),
    clear: async () => void (await write(() => ({}), 1)),
    subscribe: (f) => (ch(), h.on(f)),
    close: () => {
      bc?.close();
      bc = null;
      h.l.clear();
      db?.then((d) => d.close(), noop);
      db = undefined;
    },
  };
  return s;
}

/**
 * Erase the stored profile of this origin (and namespace): deletes its
 * IndexedDB database and tells other tabs to re-read. Used by `Cairn.forget()`;
 * resolves (never rejects) even when IndexedDB is unavailable. It does not clear
 * a live store's memory fallback or a consent gate's buffer: call their `clear()` too.
 */
export async function forgetEverything(o: { namespace?: string } = {}): Promise<void> {
  const s = createIdbProfileStore(o);
  await s.clear();
  s.close();
}
