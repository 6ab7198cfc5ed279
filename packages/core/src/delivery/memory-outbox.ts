import { copyEntry, deadLettersOverCap, DEFAULT_MAX_DEAD_LETTERS, retentionOf, type Outbox } from './outbox.js';
import { isDeadLetter, type OutboxEntry } from './outbox-entry.js';

/**
 * An outbox in memory, for this page (or Node process) only: the fallback
 * when IndexedDB is unavailable, and the outbox for tests and SSR. Same
 * interface and retention as the IndexedDB outbox; `durable()` is false.
 */
export function createMemoryOutbox(initial: Iterable<OutboxEntry> = [], o: { maxDeadLetters?: number } = {}): Outbox {
  const max = o.maxDeadLetters ?? DEFAULT_MAX_DEAD_LETTERS;
  const entries = new Map<string, OutboxEntry>();
  const write = (e: OutboxEntry) => {
    if (retentionOf(e) === 'delete') return void entries.delete(e.id);
    entries.set(e.id, copyEntry(e));
    if (isDeadLetter(e)) for (const id of deadLettersOverCap(entries.values(), max)) entries.delete(id);
  };
  for (const e of initial) write(e);

  return {
    put: async (e) => (write(e), { durable: false }),
    update: async (id, change) => {
      const have = entries.get(id);
      if (!have) return undefined;
      const next = change(copyEntry(have));
      if (!next) return copyEntry(have);
      write(next);
      return copyEntry(next);
    },
    get: async (id) => {
      const e = entries.get(id);
      return e && copyEntry(e);
    },
    list: async () => [...entries.values()].sort((a, b) => a.createdAt - b.createdAt).map(copyEntry),
    remove: async (id) => void entries.delete(id),
    clear: async () => entries.clear(),
    durable: () => false,
    close: () => {},
  };
}
