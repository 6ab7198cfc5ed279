import { unavailable } from '../storage/idb.js';
import { createMemoryOutbox } from './memory-outbox.js';
import { outboxConnection, type Body } from './outbox-connection.js';
import { ENTRIES, onResult } from './outbox-db.js';
import { putEntry, updateEntry } from './outbox-writes.js';
import { DEFAULT_MAX_DEAD_LETTERS, remember, type Outbox, type OutboxProblem } from './outbox.js';
import type { OutboxEntry } from './outbox-entry.js';

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

/**
 * The durable outbox: one IndexedDB record per lead, opened lazily. Every
 * write is one readwrite transaction with `durability: 'strict'` and resolves
 * once committed, so a resolved `put` survives a crash or a closed tab. Never
 * rejects: on any storage failure it falls back to a memory outbox seeded with
 * every entry this instance had seen (listed or written).
 */
export function createIdbOutbox(o: IdbOutboxOptions = {}): Outbox {
  const max = o.maxDeadLetters ?? DEFAULT_MAX_DEAD_LETTERS;
  const db = outboxConnection(o.indexedDB, o.namespace);
  /** What this instance last saw in the database: the memory outbox starts from it. */
  const known = new Map<string, OutboxEntry>();
  let mem: Outbox | undefined;
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
  const rw = <T>(body: Body<T>) => db.transact(ENTRIES, 'readwrite', body);
  const ro = <T>(body: Body<T>) => db.transact(ENTRIES, 'readonly', body);

  return {
    put: (entry) =>
      guarded(
        async () => {
          await rw(putEntry(entry, max));
          remember(known, entry);
          return { durable: true };
        },
        (m) => m.put(entry),
      ),
    update: (id, change) =>
      guarded(
        async () => {
          const after = await rw(updateEntry(id, change, max));
          remember(known, after);
          return after;
        },
        (m) => m.update(id, change),
      ),
    get: (id) =>
      guarded(
        () =>
          ro((s) => {
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
    close: db.close,
  };
}
