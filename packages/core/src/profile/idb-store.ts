import { dropDb, onResult, openDb, profileUnavailable, transact } from '../storage/idb.js';
import { PROFILE_KEY, PROFILE_STORE, profileDb } from '../storage/names.js';
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
 * The profile database `name`, opened (creating it) on first use and again after another tab
 * deleted it. `use` runs one transaction on the profile record: `body` gets the stored profile
 * (`{}`: none) and the object store.
 */
const lazyProfileDb = (name: string) => {
  let db: Promise<IDBDatabase> | undefined;
  const open = () => {
    const opening: Promise<IDBDatabase> = openDb(name, {
      create: (database) => database.createObjectStore(PROFILE_STORE),
      // let another tab's clear()/forget delete the database, and reopen after it
      onGone: () => {
        if (db == opening) db = undefined;
      },
    });
    return opening;
  };
  return {
    use: <T>(mode: IDBTransactionMode, body: (old: Profile, store: IDBObjectStore) => T) =>
      (db ??= open()).then((database) =>
        transact(database, PROFILE_STORE, mode, (store) => {
          let result: T;
          onResult(store.get(PROFILE_KEY) as IDBRequest<Profile | undefined>, (old) => (result = body(old || {}, store)));
          return () => result;
        }),
      ),
    close: () => {
      db?.then((database) => database.close(), noop);
      db = undefined;
    },
  };
};

/** What a BroadcastChannel message says to the other tabs: re-read, or the profile was erased. */
const CHANGED = 1;
const CLEARED = 0;

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
export function createIdbProfileStore(options: IdbProfileStoreOptions = {}): ProfileStore {
  const name = profileDbName(options.namespace);
  const changes = hub();
  const db = lazyProfileDb(name);
  let channel: BroadcastChannel | null | undefined;
  /** Set once storage failed: the profile, in memory, from then on. */
  let fallback: Profile | undefined;
  let last: Profile = {};

  const otherTabs = () => {
    if (channel === undefined)
      try {
        channel = options.channel === false ? null : new BroadcastChannel(name);
        // changed: re-read; cleared: don't reopen the database just to find it empty
        if (channel)
          channel.onmessage = (message) => {
            if (message.data === CHANGED) void (changes.listeners.size && store.read().then(changes.emit));
            else changes.emit((fallback &&= {}, (last = {})));
          };
      } catch {
        channel = null;
      }
    return channel;
  };

  const fail = (error: unknown) => {
    if (fallback) return;
    fallback = last;
    try {
      options.onProblem?.({
        kind: 'storage-unavailable',
        message: profileUnavailable(error),
        cause: error,
      });
    } catch {
      /* the host's handler must not break the form */
    }
  };
  const run = async <T>(work: () => Promise<T>): Promise<T | void> => {
    if (!fallback)
      try {
        return await work();
      } catch (error) {
        fail(error);
      }
  };
  const write = async (change: (profile: Profile) => Profile, erase?: boolean): Promise<Profile> => {
    const stored = await run(async () => {
      if (erase) {
        // close ours first, so a write right after reopens behind the delete
        db.close();
        const failed = await dropDb(name);
        if (failed) throw failed;
        return {};
      }
      return db.use('readwrite', (old, objectStore) => {
        const next = change(old);
        objectStore.put(next, PROFILE_KEY);
        return next;
      });
    });
    if (stored) otherTabs()?.postMessage(erase ? CLEARED : CHANGED);
    const profile = stored || (fallback = change(fallback!));
    changes.emit((last = profile));
    return profile;
  };

  const store: ProfileStore = {
    read: async () => (await run(async () => (last = await db.use('readonly', (profile) => profile)))) || fallback!,
    merge: (entries) => write((profile) => mergeProfiles(profile, entries)),
    remove: (keys) => write((profile) => omit(profile, keys)),
    clear: async () => void (await write(() => ({}), true)),
    subscribe: (listener) => (otherTabs(), changes.on(listener)),
    close: () => {
      channel?.close();
      channel = null;
      changes.listeners.clear();
      db.close();
    },
  };
  return store;
}

/**
 * Erase the stored profile of this origin (and namespace): deletes its
 * IndexedDB database and tells other tabs to re-read. Used by `Cairn.forget()`;
 * resolves (never rejects) even when IndexedDB is unavailable. It does not clear
 * a live store's memory fallback or a consent gate's buffer: call their `clear()` too.
 */
export async function forgetEverything(options: { namespace?: string } = {}): Promise<void> {
  const store = createIdbProfileStore(options);
  await store.clear();
  store.close();
}
