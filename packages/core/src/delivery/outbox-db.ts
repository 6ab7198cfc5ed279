/**
 * The outbox's IndexedDB database, `cairn-outbox` (or `cairn-outbox:<namespace>`),
 * apart from the profile's (`cairn-profile`). Two object stores: `entries`
 * (outbox entries by id) and `leases` (the flush lease of browsers without Web
 * Locks). Raw IndexedDB rather than idb-keyval: writes must ask for
 * `durability: 'strict'` (flushed to disk before they complete), which
 * idb-keyval's helpers cannot pass.
 */

export const outboxDbName = (namespace?: string): string => 'cairn-outbox' + (namespace ? ':' + namespace : '');

export const ENTRIES = 'entries';
export const LEASES = 'leases';
const VERSION = 1;

/** The IndexedDB factory to use; throws where there is none (Node, some private modes, sandboxed frames). */
export function idbFactory(given?: IDBFactory): IDBFactory {
  // reading globalThis.indexedDB itself throws a SecurityError in some sandboxed frames
  const f = given ?? globalThis.indexedDB;
  if (!f) throw Error('IndexedDB is not supported here');
  return f;
}

/**
 * Opens (creating) the outbox database. The connection closes itself when
 * another connection asks for a version change, and `onGone` is told, so the
 * caller opens a fresh one next time.
 */
/** An open that has not answered by then (waiting behind a blocked deletion, a wedged browser) counts as failed: the lead must not wait on it. */
export const OPEN_TIMEOUT_MS = 1_000;

export function openOutboxDb(factory: IDBFactory, name: string, onGone: () => void = () => {}): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Error(`no answer in ${OPEN_TIMEOUT_MS / 1e3} s`)), OPEN_TIMEOUT_MS);
    const r = factory.open(name, VERSION);
    r.addEventListener?.('success', () => clearTimeout(timer));
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains(ENTRIES)) db.createObjectStore(ENTRIES);
      if (!db.objectStoreNames.contains(LEASES)) db.createObjectStore(LEASES);
    };
    r.onsuccess = () => {
      const db = r.result;
      db.onversionchange = () => (db.close(), onGone());
      db.onclose = onGone;
      resolve(db);
    };
    r.onerror = () => reject(r.error ?? Error('IndexedDB open failed'));
    r.onblocked = () => reject(Error('IndexedDB open blocked'));
  });
}

/**
 * One transaction: `body` issues its requests on the store and returns a
 * function that reads the result once the transaction has committed. Resolves
 * only on `complete` (for a 'strict' readwrite transaction: on disk), rejects
 * on abort or error. Readwrite transactions on one store run one at a time,
 * across tabs too: that is what makes a read-modify-write safe.
 */
export function transact<T>(db: IDBDatabase, store: string, mode: IDBTransactionMode, body: (s: IDBObjectStore) => () => T): Promise<T> {
  return new Promise((resolve, reject) => {
    let tx: IDBTransaction | undefined;
    let result: () => T;
    try {
      tx = mode === 'readwrite' ? db.transaction(store, mode, { durability: 'strict' }) : db.transaction(store, mode);
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
    t.onabort = () => reject(t.error ?? Error('IndexedDB transaction aborted'));
    t.onerror = () => reject(t.error ?? Error('IndexedDB transaction failed'));
  });
}

/** `r`'s result to `then`, inside the transaction. */
export function onResult<T>(r: IDBRequest<T>, then: (value: T) => void): void {
  r.onsuccess = () => then(r.result);
}
