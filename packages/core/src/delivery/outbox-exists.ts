import { exists } from '../storage/idb.js';
import { outboxDb } from '../storage/names.js';

/**
 * Whether the outbox database exists (only then can it hold a lead: looking must not create it,
 * before consent say); `unknown` where `indexedDB.databases()` is missing or fails.
 */
export const outboxExists = async (unknown = true): Promise<boolean> => (await exists(outboxDb())) ?? unknown;
