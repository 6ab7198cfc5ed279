/**
 * The IndexedDB Cairn stores in, as a few small promises (shaped like idb-keyval, which Cairn
 * no longer uses: its helpers cannot ask for `durability: 'strict'`, nor open without creating).
 * Names of databases, stores and keys: `./names.ts`. The profile (`profile/idb-store.ts`), the
 * outbox and its flush lease (`delivery/outbox-db.ts`) and the behaviour record
 * (`runtime/behaviour-store.ts`) are built on it. The script tag's first bundle reads the profile
 * with its own few lines instead (`runtime/read-profile.ts`: every byte counts there).
 *
 * Nothing here falls back to memory: callers do, each in its own way, and say so with
 * `unavailable(…)`.
 */

/** The IndexedDB factory to use; throws where there is none (Node, some private modes, sandboxed frames). */
export function idbFactory(given?: IDBFactory): IDBFactory {
  // reading globalThis.indexedDB itself throws a SecurityError in some sandboxed frames
  const f = given ?? globalThis.indexedDB;
  if (!f) throw Error('not supported here');
  return f;
}

export interface OpenOptions {
  /**
   * Creates the object stores of a database that does not exist yet (or is older than
   * `version`). Without it nothing is ever created: the upgrade is aborted, no database is left
   * behind, and `openDb` resolves `undefined`.
   */
  create?: (db: IDBDatabase) => void;
  version?: number;
  /** An open that has not answered by then (behind a blocked deletion, a wedged browser) rejects. */
  timeoutMs?: number;
  /** The connection closed (another tab deletes or upgrades the database, or the browser closed it): open afresh next time. */
  onGone?: () => void;
  /** Default: `globalThis.indexedDB`. */
  factory?: IDBFactory;
}

/**
 * Opens database `name`. Rejects when IndexedDB is missing, fails, is blocked or (with
 * `timeoutMs`) does not answer in time. The connection closes itself when another one asks for
 * a version change (a deletion in another tab), and tells `onGone`.
 */
export function openDb(name: string, o: OpenOptions & { create: (db: IDBDatabase) => void }): Promise<IDBDatabase>;
export function openDb(name: string, o?: OpenOptions): Promise<IDBDatabase | undefined>;
export function openDb(name: string, o: OpenOptions = {}): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const r = idbFactory(o.factory).open(name, o.version);
    let late = false;
    const timer = o.timeoutMs && setTimeout(() => ((late = true), reject(Error(`no answer in ${o.timeoutMs! / 1e3} s`))), o.timeoutMs);
    r.onupgradeneeded = () => (o.create ? o.create(r.result) : r.transaction!.abort());
    r.onsuccess = () => {
      const db = r.result;
      clearTimeout(timer);
      if (late) return db.close();
      db.onversionchange = () => (db.close(), o.onGone?.());
      db.onclose = () => o.onGone?.();
      resolve(db);
    };
    r.onerror = (event) => {
      event?.preventDefault(); // handled here, not an uncaught error
      clearTimeout(timer);
      // an aborted upgrade (no such database, and no `create`): nothing to open
      if (!o.create && r.error?.name == 'AbortError') resolve(undefined);
      else reject(r.error ?? Error('open failed'));
    };
    r.onblocked = () => reject(Error('blocked'));
  });
}

/**
 * One transaction on one object store: `body` issues its requests on the store and returns a
 * function that reads the result once the transaction has committed. Resolves only on
 * `complete` (for a `durability: 'strict'` readwrite transaction: on disk), rejects on abort or
 * error. Readwrite transactions on one store run one at a time, across tabs too: that is what
 * makes a read-modify-write safe.
 */
export function transact<T>(
  db: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  body: (s: IDBObjectStore) => () => T,
  o: { durability?: IDBTransactionDurability } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    let tx: IDBTransaction | undefined;
    let result: () => T;
    try {
      tx = o.durability ? db.transaction(store, mode, { durability: o.durability }) : db.transaction(store, mode);
      result = body(tx.objectStore(store));
    } catch (e) {
      try {
        tx?.abort();
      } catch {
        /* already finished */
      }
      return reject(e);
    }
    const t = tx;
    t.oncomplete = () => {
      try {
        resolve(result());
      } catch (e) {
        reject(e);
      }
    };
    t.onabort = () => reject(thrown.get(t) ?? t.error ?? Error('IndexedDB transaction aborted'));
    t.onerror = () => reject(t.error ?? Error('IndexedDB transaction failed'));
  });
}

/** What a request's `then` threw (quota on a `put`…): its transaction is aborted and `transact` rejects with it. */
const thrown = new WeakMap<IDBTransaction, unknown>();

/** `r`'s result to `then`, inside the transaction. Where `then` throws, the transaction is aborted and `transact` rejects with that error. */
export function onResult<T>(r: IDBRequest<T>, then: (value: T) => void): void {
  r.onsuccess = () => {
    try {
      then(r.result);
    } catch (e) {
      thrown.set(r.transaction!, e);
      r.transaction!.abort();
    }
  };
}

/** The names of this origin's databases; `undefined` where that cannot be known (no IndexedDB, no `databases()`). */
export const listDbs = (): Promise<string[] | undefined> =>
  Promise.resolve()
    .then(() => idbFactory().databases())
    .then((list) => list.map((d) => d.name!), () => undefined);

/** Whether database `name` exists, without creating it; `undefined` where that cannot be known. */
export const exists = async (name: string): Promise<boolean | undefined> => (await listDbs())?.includes(name);

/**
 * Deletes database `name`. Resolves once deleted or blocked (by a connection that is not
 * Cairn's: it goes once they close); where that failed (or there is no IndexedDB), resolves
 * the error. Never rejects.
 */
export const dropDb = (name: string, factory?: IDBFactory): Promise<unknown> =>
  new Promise<unknown>((resolve) => {
    const r = idbFactory(factory).deleteDatabase(name);
    r.onsuccess = r.onblocked = () => resolve(undefined);
    r.onerror = () => resolve(r.error ?? Error('delete failed'));
  }).catch((error: unknown) => error);

/** `IndexedDB is unavailable (<why>); <then>`: every message about storage failing says so. */
export const unavailable = (error: unknown, then: string): string => `IndexedDB is unavailable (${(error as Error)?.message || error}); ${then}`;

/** The message of a profile store that fell back to memory. */
export const profileUnavailable = (error: unknown): string => unavailable(error, 'answers are kept in memory for this page only');
