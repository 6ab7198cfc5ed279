/**
 * The IndexedDB outbox's writes, each the body of one readwrite transaction on its `entries`
 * store (for `outboxTransact`): retention is applied where the entry is written, so a delivered
 * lead is gone and the dead letters stay capped whichever tab wrote last.
 */
import type { Body } from './outbox-connection.js';
import { onResult } from './outbox-db.js';
import { deadLettersOverCap, retentionOf } from './outbox.js';
import { isDeadLetter, type OutboxEntry } from './outbox-entry.js';

/** Asks for the commit now (`IDBTransaction.commit`, where supported): no request may follow. */
const commitNow = (t: IDBTransaction) => {
  try {
    t.commit?.();
  } catch {
    /* committing already, or not supported: it commits when its requests are done */
  }
};

/** Writes `e` (or deletes it, once delivered) and trims the dead letters beyond `max`. */
function write(s: IDBObjectStore, e: OutboxEntry, max: number): void {
  if (retentionOf(e) === 'delete') return void s.delete(e.id);
  s.put(e, e.id);
  if (isDeadLetter(e))
    onResult(s.getAll() as IDBRequest<OutboxEntry[]>, (all) => {
      for (const id of deadLettersOverCap(all, max)) s.delete(id);
    });
}

/** Stores `entry`, committed as soon as it is written. */
export const putEntry =
  (entry: OutboxEntry, max: number): Body<void> =>
  (s) => {
    write(s, entry, max);
    // Commit at once, not when the put's answer is back: a tab closed right after the
    // submit would otherwise take the uncommitted write (and the lead) with it.
    if (!isDeadLetter(entry)) commitNow(s.transaction);
    return () => undefined;
  };

/** Read-modify-write of entry `id` (see `Outbox.update`): reads the entry as it is after the change. */
export const updateEntry =
  (id: string, change: (entry: OutboxEntry) => OutboxEntry | undefined, max: number): Body<OutboxEntry | undefined> =>
  (s) => {
    let out: OutboxEntry | undefined;
    onResult(s.get(id) as IDBRequest<OutboxEntry | undefined>, (have) => {
      if (!have) return;
      const next = change(have);
      out = next ?? have;
      if (next) write(s, next, max);
    });
    return () => out;
  };
