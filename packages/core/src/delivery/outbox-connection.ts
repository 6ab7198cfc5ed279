import { idbFactory, openOutboxDb, outboxDbName, outboxTransact } from './outbox-db.js';

/** Issues a transaction's requests on the store; returns what reads its result once the transaction has committed. */
export type Body<T> = (s: IDBObjectStore) => () => T;

/** The outbox database as its users see it: transactions on its stores, the connection opened when first needed. */
export interface OutboxConnection {
  /** One transaction (see `outboxTransact`); rejects when IndexedDB is missing or the database cannot be opened. */
  transact<T>(store: string, mode: IDBTransactionMode, body: Body<T>): Promise<T>;
  /** Closes the connection; a later transaction opens a new one. */
  close(): void;
}

/**
 * One connection to the outbox database of `namespace`, shared by the transactions that use it
 * and opened again after it went away (another tab deleted or upgraded the database).
 */
export function outboxConnection(indexedDB: IDBFactory | undefined, namespace: string | undefined): OutboxConnection {
  let db: Promise<IDBDatabase> | undefined;
  const connect = () => {
    const p = (db ??= openOutboxDb(idbFactory(indexedDB), outboxDbName(namespace), () => {
      if (db === p) db = undefined;
    }));
    return p;
  };
  return {
    transact: (store, mode, body) => connect().then((d) => outboxTransact(d, store, mode, body)),
    close() {
      db?.then((d) => d.close(), () => {});
      db = undefined;
    },
  };
}
