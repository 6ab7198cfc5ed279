import type { FieldValue } from '../model/values.js';

/**
 * What Cairn remembers about a visitor, per site (origin) and optional namespace:
 * one entry per profile key, each with when and where it was learned, so a field
 * can be re-asked once it is stale and two tabs can merge instead of overwrite.
 */

/** Where an answer came from. */
export interface ProfileSource {
  /** Form id, or 'url' / 'mount' / 'hidden' for values that did not come from a visitor's answer. */
  form: string;
  version?: string | number;
  /** Page URL (without query string) where it was learned. */
  page: string;
}

export interface ProfileEntry {
  value: FieldValue;
  /** ISO 8601 time the value was first given (or last changed). */
  learnedAt: string;
  source: ProfileSource;
  /** ISO 8601 time the visitor last saw the value and kept it (e.g. a prefilled always-ask field). */
  confirmedAt?: string;
}

/** Profile key → entry. Keys are field `profile` keys (default: the field id). */
export type Profile = Readonly<Record<string, ProfileEntry>>;

/** The time that decides which of two entries for one key wins: the later of learnedAt and confirmedAt. */
export function entryTime(entry: ProfileEntry): number {
  const learned = Date.parse(entry.learnedAt);
  const confirmed = entry.confirmedAt ? Date.parse(entry.confirmedAt) : NaN;
  return Math.max(Number.isNaN(learned) ? 0 : learned, Number.isNaN(confirmed) ? 0 : confirmed);
}

/**
 * Merge per key: the entry with the later `entryTime` wins; on a tie, the
 * incoming one. Pure, so every store (memory, IndexedDB, another tab's update)
 * merges the same way.
 */
export function mergeProfiles(current: Profile, incoming: Profile): Profile {
  const merged: Record<string, ProfileEntry> = { ...current };
  for (const key of Object.keys(incoming)) {
    const next = incoming[key]!;
    const have = merged[key];
    if (!have || entryTime(next) >= entryTime(have)) merged[key] = next;
  }
  return merged;
}

/** Why the store fell back to memory. */
export interface StorageProblem {
  kind: 'storage-unavailable';
  message: string;
  cause?: unknown;
}

/**
 * Where profiles live. Every method resolves (never rejects): a storage failure
 * degrades to memory and is reported once through `onProblem`.
 */
export interface ProfileStore {
  /** The whole profile as stored now. */
  read(): Promise<Profile>;
  /** Merge these entries into the stored profile (per key, by time) and resolve with the result. */
  merge(entries: Profile): Promise<Profile>;
  /** Remove keys. */
  remove(keys: readonly string[]): Promise<Profile>;
  /** Erase everything this store holds. */
  clear(): Promise<void>;
  /** Called with the new profile when another tab (or another store instance) changes it. */
  subscribe(listener: (profile: Profile) => void): () => void;
  /** Release channels and listeners. */
  close(): void;
}
