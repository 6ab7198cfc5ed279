/**
 * Every name Cairn stores under in the visitor's browser, in one place. Each store has its own
 * IndexedDB database (a database is deleted whole: forgetting the profile must not take the
 * outbox with it). A namespace (two brands on one origin) adds `:<namespace>` to a name.
 *
 * | database | object stores | records |
 * | --- | --- | --- |
 * | `cairn-profile[:ns]` | `profile` | the whole profile under the key `profile` |
 * | `cairn-outbox[:ns]` (version 1) | `entries`, `leases` | outbox entries by id; the flush lease (browsers without Web Locks) |
 * | `cairn-signals` | `signals` | the behaviour record under the key `record` |
 *
 * The BroadcastChannel that tells other tabs a profile changed has the profile database's name;
 * the Web Lock (and lease key) of the outbox flush is `cairn-outbox-flush[:ns]`.
 */

/** `cairn-profile`, or `cairn-profile:<namespace>`. Also the name of its BroadcastChannel. */
export const profileDb = (namespace?: string): string => 'cairn-profile' + (namespace ? ':' + namespace : '');
/** The object store of the profile database, and the key of its one record. */
export const PROFILE_STORE = 'profile';
export const PROFILE_KEY = 'profile';

/** `cairn-outbox`, or `cairn-outbox:<namespace>`. */
export const outboxDb = (namespace?: string): string => 'cairn-outbox' + (namespace ? ':' + namespace : '');
export const OUTBOX_VERSION = 1;
/** Outbox entries, by id. */
export const OUTBOX_ENTRIES = 'entries';
/** The flush lease of browsers without Web Locks, by `outboxFlushLock(namespace)`. */
export const OUTBOX_LEASES = 'leases';
/** The Web Lock one tab holds while it flushes the outbox (and the key of the lease that stands in for it). */
export const outboxFlushLock = (namespace?: string): string => 'cairn-outbox-flush' + (namespace ? ':' + namespace : '');

/** The behaviour record's database: one record, `record`, in the object store `signals`. */
export const BEHAVIOUR_DB = 'cairn-signals';
export const BEHAVIOUR_STORE = 'signals';
export const BEHAVIOUR_KEY = 'record';
