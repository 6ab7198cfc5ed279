import { outboxFlushLock } from '../storage/names.js';
import { outboxConnection } from './outbox-connection.js';
import { idbFactory, LEASES, onResult } from './outbox-db.js';
import { systemClock, systemTimers, type Clock, type Timers } from './timers.js';

/**
 * Only one flusher at a time across the tabs of an origin: a lock that is
 * taken only if free (never waited for: a tab that finds it taken leaves the
 * flush to the holder). Implementations: Web Locks (`navigator.locks`), a
 * lease record in the outbox database for browsers without it, and a
 * one-holder lock for a single page.
 */
export interface FlushLock {
  /**
   * Runs `task` if the lock is free, holding it until `task` settles;
   * otherwise resolves `{ acquired: false }` at once. Rejects only if `task` does.
   */
  tryRun<T>(task: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

/** The Web Lock of the flush, and the key of its lease (`storage/names.ts`). */
export const flushLockName = outboxFlushLock;

/** A lock for one page (JS realm): the fallback when the outbox is in memory, so other tabs cannot see its leads anyway. */
export function createLocalFlushLock(): FlushLock {
  let held = false;
  return {
    async tryRun(task) {
      if (held) return { acquired: false };
      held = true;
      try {
        return { acquired: true, value: await task() };
      } finally {
        held = false;
      }
    },
  };
}

/** The part of `navigator.locks` used here. */
export interface WebLocks {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/**
 * Web Locks: `locks.request(name, { ifAvailable: true }, …)` grants the lock
 * only if no tab (or worker) of the origin holds it, and releases it when the
 * callback settles, or when the holding tab goes away. If `request` itself
 * fails (e.g. an opaque origin), the task runs under a local lock rather than
 * not at all: a duplicate send is deduped by the receiver; a lead not sent is lost.
 */
export function createWebLocksFlushLock(locks: WebLocks, name = flushLockName()): FlushLock {
  const local = createLocalFlushLock();
  return {
    async tryRun<T>(task: () => Promise<T>) {
      type Out = { acquired: true; value: T } | { acquired: false };
      let ran = false;
      try {
        return await locks.request<Out>(name, { ifAvailable: true }, async (lock) => {
          if (!lock) return { acquired: false };
          ran = true;
          return { acquired: true, value: await task() };
        });
      } catch (e) {
        if (ran) throw e; // the task's own failure
        return local.tryRun(task);
      }
    },
  };
}

/** A lease lasts 30 s and is renewed every 10 s while its holder flushes. */
export const LEASE_MS = 30_000;

export interface LeaseFlushLockOptions {
  namespace?: string;
  /** Default: `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
  /** Default: a random id. */
  owner?: string;
  clock?: Clock;
  timers?: Timers;
  /** Default LEASE_MS. */
  leaseMs?: number;
}

interface Lease {
  owner: string;
  expiresAt: number;
}

/**
 * For browsers without Web Locks: a lease record `{ owner, expiresAt }` in the
 * outbox database, taken in one readwrite transaction only if absent, expired
 * or already ours, renewed while the task runs, deleted after. A tab that dies
 * holding it blocks others until `expiresAt`. If IndexedDB fails the task runs
 * under a local lock (the outbox is then in memory, private to this page).
 * Relies on the tabs' clocks agreeing (they share one machine).
 */
export function createLeaseFlushLock(o: LeaseFlushLockOptions = {}): FlushLock {
  const key = flushLockName(o.namespace);
  const owner = o.owner ?? randomOwner();
  const clock = o.clock ?? systemClock;
  const timers = o.timers ?? systemTimers;
  const leaseMs = o.leaseMs ?? LEASE_MS;
  const local = createLocalFlushLock();
  const db = outboxConnection(o.indexedDB, o.namespace);

  /** Takes or renews the lease if it is free, expired or ours; resolves whether we hold it. */
  const take = () =>
    db.transact(LEASES, 'readwrite', (s) => {
      let mine = false;
      onResult(s.get(key) as IDBRequest<Lease | undefined>, (lease) => {
        const now = clock();
        if (lease && lease.owner !== owner && lease.expiresAt > now) return;
        s.put({ owner, expiresAt: now + leaseMs } satisfies Lease, key);
        mine = true;
      });
      return () => mine;
    });
  const release = () =>
    db.transact(LEASES, 'readwrite', (s) => {
      onResult(s.get(key) as IDBRequest<Lease | undefined>, (lease) => {
        if (lease?.owner === owner) s.delete(key);
      });
      return () => undefined;
    });

  return {
    tryRun: (task) =>
      // the local lock keeps two calls on this instance (same owner) from both holding the lease
      local.tryRun(async () => {
        let mine: boolean;
        try {
          mine = await take();
        } catch {
          return { acquired: true as const, value: await task() };
        }
        if (!mine) return { acquired: false as const };
        let timer: unknown;
        let holding = true;
        const renew = () => {
          if (holding) timer = timers.setTimeout(() => void (holding && take().then(renew, () => {})), leaseMs / 3);
        };
        renew();
        try {
          return { acquired: true as const, value: await task() };
        } finally {
          holding = false;
          timers.clearTimeout(timer);
          await release().catch(() => {});
        }
      }).then((r) => (r.acquired ? r.value : { acquired: false as const })),
  };
}

/**
 * The lock for this environment: Web Locks when `navigator.locks` exists, else
 * a lease in the outbox database when IndexedDB exists, else a local lock.
 */
export function createFlushLock(o: LeaseFlushLockOptions & { locks?: WebLocks | null } = {}): FlushLock {
  const locks = o.locks !== undefined ? o.locks : ((globalThis as { navigator?: { locks?: WebLocks } }).navigator?.locks ?? null);
  if (locks && typeof locks.request === 'function') return createWebLocksFlushLock(locks, flushLockName(o.namespace));
  try {
    idbFactory(o.indexedDB);
    return createLeaseFlushLock(o);
  } catch {
    return createLocalFlushLock();
  }
}

/** A random owner id (tab + engine): crypto when available; it only needs to differ between live holders. */
export function randomOwner(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}
