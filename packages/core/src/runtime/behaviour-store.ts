import { toVisitorRecord, type VisitorRecord } from '../behaviour/visitor-record.js';

/** The database of the behaviour record: one record, `record`, in the object store `signals`. */
export const BEHAVIOUR_DB = 'cairn-signals';
const STORE = 'signals';
const KEY = 'record';

export type RecordChange = (record: VisitorRecord) => VisitorRecord;

/**
 * Applies `changes` to the stored record in one read-write transaction (none: only reads it), so
 * two tabs add up instead of overwriting. Resolves the stored record, or `undefined` when there
 * is no database and `create` is false (an aborted upgrade leaves none behind).
 */
export const persistRecord = (changes: RecordChange[], create: boolean): Promise<VisitorRecord | undefined> =>
  new Promise<VisitorRecord | undefined>((resolve, reject) => {
    const open = indexedDB.open(BEHAVIOUR_DB);
    open.onupgradeneeded = () => (create ? open.result.createObjectStore(STORE) : open.transaction!.abort());
    open.onerror = (event) => {
      event.preventDefault();
      if (open.error?.name == 'AbortError') resolve(undefined);
      else reject(open.error);
    };
    open.onsuccess = () => {
      const db = open.result;
      try {
        const tx = db.transaction(STORE, changes.length ? 'readwrite' : 'readonly');
        const store = tx.objectStore(STORE);
        let next: VisitorRecord;
        const get = store.get(KEY);
        get.onsuccess = () => {
          next = changes.reduce((r, c) => c(r), toVisitorRecord(get.result));
          if (changes.length) store.put(next, KEY);
        };
        tx.oncomplete = () => resolve(next);
        tx.onerror = tx.onabort = () => reject(tx.error);
      } catch (error) {
        reject(error);
      }
      db.close();
    };
  });

/** Deletes the behaviour database; resolves whatever happens (no IndexedDB: nothing stored). */
export const dropBehaviourDb = (): Promise<void> =>
  new Promise<void>((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(BEHAVIOUR_DB);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
