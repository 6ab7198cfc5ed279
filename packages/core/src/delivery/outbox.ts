import type { OutboxEntry } from './outbox-entry.js';
import { isDeadLetter, isDelivered } from './outbox-entry.js';

/**
 * Where leads wait until every destination has them. Implementations: the
 * IndexedDB outbox (durable, shared by the tabs of an origin) and the memory
 * outbox (this page only). Every method resolves, never rejects.
 *
 * Retention, the same in both: an entry is removed as soon as every
 * destination is delivered; an entry whose destinations are all settled with
 * at least one dead is a dead letter, kept for inspection (and for the host to
 * report) until `remove`d, at most `maxDeadLetters` of them (the oldest go
 * first). Entries with a pending destination are never evicted, whatever their
 * number: losing a lead is worse than using storage.
 */
export interface Outbox {
  /** Stores (or replaces) an entry. `durable`: false once the outbox fell back to memory. */
  put(entry: OutboxEntry): Promise<{ durable: boolean }>;
  /**
   * Read-modify-write of one entry in one transaction: `change` gets the stored
   * entry and returns the new one, or undefined to leave it as it is. Resolves
   * the entry as it is after the change (also when retention removed it), or
   * undefined when there is no entry with that id. `change` must be synchronous
   * and may be called again if the write had to be redone in memory.
   */
  update(id: string, change: (entry: OutboxEntry) => OutboxEntry | undefined): Promise<OutboxEntry | undefined>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Every entry, oldest first. */
  list(): Promise<OutboxEntry[]>;
  remove(id: string): Promise<void>;
  /** Removes every entry, pending ones too (e.g. `Cairn.forget()`). */
  clear(): Promise<void>;
  /** true while entries are stored persistently (false for the memory outbox and after a fallback). */
  durable(): boolean;
  close(): void;
}

/** Dead letters kept at most, per outbox (never counts pending entries). */
export const DEFAULT_MAX_DEAD_LETTERS = 50;

/** Why the outbox fell back to memory. */
export interface OutboxProblem {
  kind: 'outbox-unavailable';
  message: string;
  cause?: unknown;
}

/** What retention does with an entry about to be written: 'delete' it (all delivered) or 'put' it. */
export const retentionOf = (entry: OutboxEntry): 'delete' | 'put' => (isDelivered(entry) ? 'delete' : 'put');

/** Notes `e` among the entries known by id, as retention would store it: a delivered entry is forgotten. */
export const remember = (known: Map<string, OutboxEntry>, e: OutboxEntry | undefined): void => {
  if (e) retentionOf(e) === 'delete' ? known.delete(e.id) : known.set(e.id, e);
};

/** The ids of the dead letters beyond `max` among `entries`, oldest first. */
export function deadLettersOverCap(entries: Iterable<OutboxEntry>, max: number): string[] {
  const dead = [...entries].filter(isDeadLetter).sort((a, b) => a.createdAt - b.createdAt);
  return dead.slice(0, Math.max(0, dead.length - Math.max(0, max))).map((e) => e.id);
}

/** A deep copy, so a caller cannot change a stored entry behind the store's back (IndexedDB copies too). */
export const copyEntry = (e: OutboxEntry): OutboxEntry =>
  typeof structuredClone === 'function' ? structuredClone(e) : (JSON.parse(JSON.stringify(e)) as OutboxEntry);
