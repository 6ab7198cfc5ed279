import { dropDb, onResult, openDb, profileUnavailable, transact } from '../storage/idb.js';
import { PROFILE_KEY as K, PROFILE_STORE as S, profileDb } from '../storage/names.js';
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
 * one record under the key `profile` (`storage/names.ts`). The BroadcastChannel
 * that tells other tabs to re-read has the same name as the database.
 */
export const profileDbName = profileDb;

const noop = () => {};

/**
 * The profile database `n`, opened (creating it) on first use and again after another tab
 * deleted it. `use` runs one transaction on the profile record: `body` gets the stored profile
 * (`{}`: none) and the object store.
 */
const lazyProfileDb = (n: string) => {
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    const p: Promise<IDBDatabase> = openDb(n, {
      create: (d) => d.createObjectStore(S),
      // let another tab's clear()/forget delete the database, and reopen after it
      onGone: () => {
        if (db == p) db = undefined;
      },
    });
    return p;
  };
  return {
    use: <T>(mode: IDBTransactionMode, body: (old: Profile, s: IDBObjectStore) => T) =>
      (db ??= open()).then((d) =>
        transact(d, S, mode, (s) => {
          let v: T;
          onResult(s.get(K) as IDBRequest<Profile | undefined>, (old) => (v = body(old || {}, s)));
          return () => v;
        }),
      ),
    close: () => {
      db?.then((d) => d.close(), noop);
      db = undefined;
    },
  };
};

/**
 * A ProfileStore in IndexedDB (`storage/idb.ts`), opened lazily on first use.
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
  const db = lazyProfileDb(n);
  let bc: BroadcastChannel | null | undefined;
  /** Set once storage failed: the profile, in memory, from then on. */
  let mem: Profile | undefined;
  let last: Profile = {};

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
        message: profileUnavailable(e),
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
        db.close();
        const failed = await dropDb(n);
        if (failed) throw failed;
      } else
        v = await db.use('readwrite', (old, s) => {
          const next = f(old);
          s.put(next, K);
          return next;
        });
      return v;
    });
    if (v) ch()?.postMessage(wipe ? 0 : 1);
    const out = v || (mem = f(mem!));
    h.emit((last = out));
    return out;
  };

  const s: ProfileStore = {
    read: async () => (await run(async () => (last = await db.use('readonly', (p) => p)))) || mem!,
    merge: (e) => write((p) => mergeProfiles(p, e)),
    remove: (k) => write((p) => omit(p, k)),
    clear: async () => void (await write(() => ({}), 1)),
    subscribe: (f) => (ch(), h.on(f)),
    close: () => {
      bc?.close();
      bc = null;
      h.l.clear();
      db.close();
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
