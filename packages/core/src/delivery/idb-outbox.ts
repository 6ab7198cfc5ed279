import { unavailable } from '../storage/idb.js';
import { createMemoryOutbox } from './memory-outbox.js';
import { ENTRIES, idbFactory, onResult, openOutboxDb, outboxDbName, outboxTransact } from './outbox-db.js';
import { deadLettersOverCap, DEFAULT_MAX_DEAD_LETTERS, retentionOf, type Outbox, type OutboxProblem } from './outbox.js';
import { isDeadLetter, type OutboxEntry } from './outbox-entry.js';

export interface IdbOutboxOptions {
  /** Keeps separate outboxes on one origin (database `cairn-outbox:<namespace>`). */
  namespace?: string;
  /** Default: `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
  /**
   * Called once, the first time storage fails (IndexedDB missing, blocked,
   * quota, an aborted transaction). From then on the outbox works from memory
   * for the rest of the page's life, keeping what it knew: leads still get
   * delivered while the page is open, but no longer survive a reload.
   */
  onProblem?: (problem: OutboxProblem) => void;
  /** Default DEFAULT_MAX_DEAD_LETTERS. */
  maxDeadLetters?: number;
}

/** Asks for the commit now (`IDBTransaction.commit`, where supported): no request may follow. */
const commitNow = (t: IDBTransaction) => {
  try {
    t.commit?.();
  } catch {
    /* committing already, or not supported: it commits when its requests are done */
  }
};

/**
 * The durable outbox: one IndexedDB record per lead, opened lazily. Every
 * write is one readwrite transaction with `durability: 'strict'` and resolves
 * once committed, so a resolved `put` survives a crash or a closed tab. Never
 * rejects: on any storage failure it falls back to a memory outbox seeded with
 * every entry this instance had seen (listed or written).
 */
export function createIdbOutbox(o: IdbOutboxOptions = {}): Outbox {
  const name = outboxDbName(o.namespace);
  const max = o.maxDeadLetters ?? DEFAULT_MAX_DEAD_LETTERS;
  let db: Promise<IDBDatabase> | undefined;
  let mem: Outbox | undefined;
  /** What this instance last saw in the database: the memory outbox starts from it. */
  const known = new Map<string, OutboxEntry>();

  const connect = () => {
    const p = (db ??= openOutboxDb(idbFactory(o.indexedDB), name, () => {
      if (db === p) db = undefined;
    }));
    return p;
  };
  const memory = (cause: unknown): Outbox => {
    if (!mem) {
      mem = createMemoryOutbox(known.values(), { maxDeadLetters: max });
      try {
        o.onProblem?.({
          kind: 'outbox-unavailable',
          message: unavailable(cause, 'unsent leads are kept in memory for this page only'),
          cause,
        });
      } catch {
        /* the host's handler must not break delivery */
      }
    }
    return mem;
  };
  const guarded = async <T>(idb: () => Promise<T>, fallback: (m: Outbox) => Promise<T>): Promise<T> => {
    if (mem) return fallback(mem);
    try {
      return await idb();
    } catch (e) {
      return fallback(memory(e));
    }
  };
  const remember = (e: OutboxEntry) => (retentionOf(e) === 'delete' ? known.delete(e.id) : known.set(e.id, e));

  /** Writes `e` (or deletes it, once delivered) and trims dead letters, inside the caller's transaction. */
  const write = (s: IDBObjectStore, e: OutboxEntry) => {
    if (retentionOf(e) === 'delete') return void s.delete(e.id);
    s.put(e, e.id);
    if (isDeadLetter(e))
      onResult(s.getAll() as IDBRequest<OutboxEntry[]>, (all) => {
        for (const id of deadLettersOverCap(all, max)) s.delete(id);
      });
  };
  const rw = <T>(body: (s: IDBObjectStore) => () => T) => connect().then((d) => outboxTransact(d, ENTRIES, 'readwrite', body));
  const ro = <T>(body: (s: IDBObjectStore) => () => T) => connect().then((d) => outboxTransact(d, ENTRIES, 'readonly', body));

  return {
    put: (entry) =>
      guarded(
        async () => {
          await rw((s) => {
            write(s, entry);
            // Commit at once, not when the put's answer is back: a tab closed right after the
            // submit would otherwise take the uncommitted write (and the lead) with it.
            if (!isDeadLetter(entry)) commitNow(s.transaction);
            return () => undefined;
          });
          remember(entry);
          return { durable: true };
        },
        (m) => m.put(entry),
      ),
    update: (id, change) =>
      guarded(
        async () => {
          const after = await rw((s) => {
            let out: OutboxEntry | undefined;
            onResult(s.get(id) as IDBRequest<OutboxEntry | undefined>, (have) => {
              if (!have) return;
              const next = change(have);
              out = next ?? have;
              if (next) write(s, next);
            });
            return () => out;
          });
          if (after) remember(after);
          return after;
        },
        (m) => m.update(id, change),
      ),
    get: (id) =>
      guarded(
        () => ro((s) => {
          let out: OutboxEntry | undefined;
          onResult(s.get(id) as IDBRequest<OutboxEntry | undefined>, (v) => (out = v));
          return () => out;
        }),
        (m) => m.get(id),
      ),
    list: () =>
      guarded(
        async () => {
          const all = await ro((s) => {
            let out: OutboxEntry[] = [];
            onResult(s.getAll() as IDBRequest<OutboxEntry[]>, (v) => (out = v));
            return () => out;
          });
          known.clear();
          for (const e of all) known.set(e.id, e);
          return all.sort((a, b) => a.createdAt - b.createdAt);
        },
        (m) => m.list(),
      ),
    remove: (id) =>
      guarded(
        async () => {
          await rw((s) => (s.delete(id), () => undefined));
          known.delete(id);
        },
        (m) => m.remove(id),
      ),
    clear: () =>
      guarded(
        async () => {
          await rw((s) => (s.clear(), () => undefined));
          known.clear();
        },
        (m) => m.clear(),
      ),
    durable: () => !mem,
    close: () => {
      db?.then((d) => d.close(), () => {});
      db = undefined;
    },
  };
}
