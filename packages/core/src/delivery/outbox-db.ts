/**
 * The outbox's IndexedDB database, `cairn-outbox` (or `cairn-outbox:<namespace>`), apart from
 * the profile's. Two object stores: `entries` (outbox entries by id) and `leases` (the flush
 * lease of browsers without Web Locks). Names: `storage/names.ts`; every write is a
 * `durability: 'strict'` transaction (`storage/idb.ts` `transact`), flushed to disk before it
 * completes.
 */
import { idbFactory, onResult, openDb, transact } from '../storage/idb.js';
import { OUTBOX_ENTRIES, OUTBOX_LEASES, OUTBOX_VERSION, outboxDb } from '../storage/names.js';

export { idbFactory, onResult };
export const outboxDbName = outboxDb;
export const ENTRIES = OUTBOX_ENTRIES;
export const LEASES = OUTBOX_LEASES;

/** An open that has not answered by then (waiting behind a blocked deletion, a wedged browser) counts as failed: the lead must not wait on it. */
export const OPEN_TIMEOUT_MS = 1_000;

/**
 * Opens (creating) the outbox database. The connection closes itself when another connection
 * asks for a version change, and `onGone` is told, so the caller opens a fresh one next time.
 */
export const openOutboxDb = (factory: IDBFactory, name: string, onGone?: () => void): Promise<IDBDatabase> =>
  openDb(name, {
    factory,
    version: OUTBOX_VERSION,
    timeoutMs: OPEN_TIMEOUT_MS,
    onGone,
    create: (db) => {
      for (const s of [ENTRIES, LEASES]) if (!db.objectStoreNames.contains(s)) db.createObjectStore(s);
    },
  });

/** One transaction on an outbox store; readwrite ones are `durability: 'strict'` (see `storage/idb.ts` `transact`). */
export const outboxTransact = <T>(db: IDBDatabase, store: string, mode: IDBTransactionMode, body: (s: IDBObjectStore) => () => T): Promise<T> =>
  transact(db, store, mode, body, mode == 'readwrite' ? { durability: 'strict' } : {});
