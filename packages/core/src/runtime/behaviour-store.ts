import { toVisitorRecord, type VisitorRecord } from '../behaviour/visitor-record.js';
import { dropDb, onResult, openDb, transact } from '../storage/idb.js';
import { BEHAVIOUR_DB, BEHAVIOUR_KEY, BEHAVIOUR_STORE } from '../storage/names.js';

/** The database of the behaviour record: one record, `record`, in the object store `signals` (`storage/names.ts`). */
export { BEHAVIOUR_DB };

export type RecordChange = (record: VisitorRecord) => VisitorRecord;

/**
 * Applies `changes` to the stored record in one read-write transaction (none: only reads it), so
 * two tabs add up instead of overwriting. Resolves the stored record, or `undefined` when there
 * is no database and `create` is false (an aborted upgrade leaves none behind).
 */
export const persistRecord = async (changes: RecordChange[], create: boolean): Promise<VisitorRecord | undefined> => {
  const db = await openDb(BEHAVIOUR_DB, create ? { create: (d) => d.createObjectStore(BEHAVIOUR_STORE) } : {});
  if (!db) return undefined;
  const stored = transact(db, BEHAVIOUR_STORE, changes.length ? 'readwrite' : 'readonly', (store) => {
    let next: VisitorRecord;
    onResult(store.get(BEHAVIOUR_KEY), (value) => {
      next = changes.reduce((r, c) => c(r), toVisitorRecord(value));
      if (changes.length) store.put(next, BEHAVIOUR_KEY);
    });
    return () => next;
  });
  // right after the transaction is issued: close() waits for it, and lets another tab delete the database
  db.close();
  return stored;
};

/** Deletes the behaviour database; resolves whatever happens (no IndexedDB: nothing stored). */
export const dropBehaviourDb = async (): Promise<void> => void (await dropDb(BEHAVIOUR_DB));
