import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createFlushLock, createLeaseFlushLock, createLocalFlushLock, createWebLocksFlushLock, flushLockName, LEASE_MS, type WebLocks } from './flush-lock.js';
import type { Timers } from './timers.js';

/** Web Locks semantics for `ifAvailable` requests: granted only if nobody holds the name; released when the callback settles. */
function fakeWebLocks(): WebLocks & { held: Set<string> } {
  const held = new Set<string>();
  return {
    held,
    async request<T>(name: string, _o: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T> {
      await Promise.resolve(); // the callback is never called synchronously
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        held.delete(name);
      }
    },
  };
}

const gate = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

const manualTimers = () => {
  const pending = new Map<number, () => void>();
  let n = 0;
  const timers: Timers = { setTimeout: (run) => (pending.set(++n, run), n), clearTimeout: (h) => void pending.delete(h as number) };
  return { timers, pending, fire: () => [...pending].forEach(([h, run]) => (pending.delete(h), run())) };
};

/** Two would-be holders: while the first runs, the second must be refused; after it, the second gets it. */
async function exclusive(a: { tryRun: ReturnType<typeof createLocalFlushLock>['tryRun'] }, b: typeof a) {
  const g = gate();
  const first = a.tryRun(async () => (await g.p, 'a'));
  await new Promise((r) => setTimeout(r, 5)); // let the first take it
  expect(await b.tryRun(async () => 'b')).toEqual({ acquired: false });
  g.open();
  expect(await first).toEqual({ acquired: true, value: 'a' });
  expect(await b.tryRun(async () => 'b')).toEqual({ acquired: true, value: 'b' });
}

describe('flush locks', () => {
  it('names', () => {
    expect(flushLockName()).toBe('cairn-outbox-flush');
    expect(flushLockName('brand')).toBe('cairn-outbox-flush:brand');
  });

  it('local: one holder at a time', async () => {
    const l = createLocalFlushLock();
    await exclusive(l, l);
  });

  it('Web Locks: one holder across "tabs" (two lock objects over one LockManager)', async () => {
    const locks = fakeWebLocks();
    await exclusive(createWebLocksFlushLock(locks), createWebLocksFlushLock(locks));
    expect(locks.held.size).toBe(0);
  });

  it('Web Locks: a task failure propagates and releases; a broken LockManager falls back to running the task', async () => {
    const locks = fakeWebLocks();
    const l = createWebLocksFlushLock(locks);
    await expect(l.tryRun(async () => Promise.reject(Error('task')))).rejects.toThrow('task');
    expect(locks.held.size).toBe(0);
    const broken: WebLocks = { request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')) };
    expect(await createWebLocksFlushLock(broken).tryRun(async () => 1)).toEqual({ acquired: true, value: 1 });
  });

  it('lease in IndexedDB: one holder across tabs, released after the task', async () => {
    const indexedDB = new IDBFactory();
    await exclusive(createLeaseFlushLock({ indexedDB, owner: 'A' }), createLeaseFlushLock({ indexedDB, owner: 'B' }));
  });

  it('lease: one instance cannot hold it twice at once', async () => {
    const l = createLeaseFlushLock({ indexedDB: new IDBFactory(), owner: 'A' });
    await exclusive(l, l);
  });

  it('lease: a holder that died (never released) blocks others only until the lease expires', async () => {
    const indexedDB = new IDBFactory();
    let now = 1_000_000;
    const clock = () => now;
    const m = manualTimers();
    const dying = createLeaseFlushLock({ indexedDB, owner: 'A', clock, timers: m.timers });
    void dying.tryRun(() => new Promise(() => {})); // the tab froze mid-flush: no renewal runs, no release
    await new Promise((r) => setTimeout(r, 5));
    m.pending.clear(); // its renewal timer never fires
    const other = createLeaseFlushLock({ indexedDB, owner: 'B', clock });
    now += LEASE_MS - 1;
    expect(await other.tryRun(async () => 'b')).toEqual({ acquired: false });
    now += 1;
    expect(await other.tryRun(async () => 'b')).toEqual({ acquired: true, value: 'b' });
  });

  it('lease: renewed while the task runs, so a long flush keeps it', async () => {
    const indexedDB = new IDBFactory();
    let now = 0;
    const clock = () => now;
    const m = manualTimers();
    const g = gate();
    const holder = createLeaseFlushLock({ indexedDB, owner: 'A', clock, timers: m.timers, leaseMs: 30 });
    const held = holder.tryRun(() => g.p);
    await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 5; i++) {
      now += 10;
      m.fire(); // renew at 10, 20, 30…
      await new Promise((r) => setTimeout(r, 2));
    }
    const other = createLeaseFlushLock({ indexedDB, owner: 'B', clock });
    expect(await other.tryRun(async () => 'b')).toEqual({ acquired: false });
    g.open();
    await held;
    expect(m.pending.size).toBe(0); // no renewal left behind
    expect(await other.tryRun(async () => 'b')).toEqual({ acquired: true, value: 'b' });
  });

  it('lease: without IndexedDB the task still runs (the outbox is in memory then)', async () => {
    const broken = { open: () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as IDBFactory;
    expect(await createLeaseFlushLock({ indexedDB: broken }).tryRun(async () => 7)).toEqual({ acquired: true, value: 7 });
  });

  it('createFlushLock picks Web Locks, else the lease, else local', async () => {
    const locks = fakeWebLocks();
    const viaLocks = createFlushLock({ locks });
    const g = gate();
    const run = viaLocks.tryRun(() => g.p);
    await new Promise((r) => setTimeout(r, 1));
    expect(locks.held.has('cairn-outbox-flush')).toBe(true);
    g.open();
    await run;
    const indexedDB = new IDBFactory();
    await exclusive(createFlushLock({ locks: null, indexedDB, owner: 'A' }), createFlushLock({ locks: null, indexedDB, owner: 'B' }));
    const g2 = globalThis as { indexedDB?: IDBFactory };
    const had = g2.indexedDB;
    g2.indexedDB = undefined;
    try {
      expect(await createFlushLock({ locks: null }).tryRun(async () => 1)).toEqual({ acquired: true, value: 1 });
    } finally {
      g2.indexedDB = had;
    }
  });
});
