import { IDBDatabase, IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { AttemptResult } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import { createIdbOutbox } from './idb-outbox.js';
import { createMemoryOutbox } from './memory-outbox.js';
import { outboxDbName } from './outbox-db.js';
import { applyAttempt, createEntry, type OutboxEntry } from './outbox-entry.js';
import type { Outbox, OutboxProblem } from './outbox.js';

const hook: DestinationConfig = { id: 'hook', format: 'json', endpoint: 'https://x.test/' };
const crm: DestinationConfig = { id: 'crm', format: 'json', endpoint: 'https://crm.test/' };
const lead = (id: string, at = 0, destinations = [hook]): OutboxEntry =>
  createEntry({ schema: 'cairn.lead/1', id, submittedAt: '2025-01-01T00:00:00Z', form: { id: 'f', version: 1 }, answers: { email: `${id}@x.test` }, context: { page: 'https://p.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' } } as LeadPayload, destinations, at);
const ctx = { now: 0, random: () => 0, owner: 'me' };
const ok: AttemptResult = { ok: true, status: 200 };
const no: AttemptResult = { ok: false, retryable: false, kind: 'http', status: 400, message: 'HTTP 400' };
const deliver = (e: OutboxEntry, d = 'hook') => applyAttempt(e, d, ok, ctx)!;
const kill = (e: OutboxEntry, d = 'hook') => applyAttempt(e, d, no, ctx)!;
const ids = async (o: Outbox) => (await o.list()).map((e) => e.id);

/** The same contract for both outboxes. */
const contract = (name: string, make: () => Outbox) =>
  describe(`${name}: the outbox contract`, () => {
    it('put, get, list (oldest first), remove, clear', async () => {
      const o = make();
      await o.put(lead('b', 2));
      await o.put(lead('a', 1));
      expect(await ids(o)).toEqual(['a', 'b']);
      expect((await o.get('a'))!.payload.answers).toEqual({ email: 'a@x.test' });
      expect(await o.get('zz')).toBeUndefined();
      await o.remove('a');
      expect(await ids(o)).toEqual(['b']);
      await o.clear();
      expect(await ids(o)).toEqual([]);
    });

    it('update: read-modify-write; undefined leaves it; a missing id resolves undefined', async () => {
      const o = make();
      await o.put(lead('a', 0, [hook, crm]));
      const after = await o.update('a', (e) => deliver(e, 'hook'));
      expect(after!.destinations.hook!.status).toBe('delivered');
      expect((await o.get('a'))!.destinations.hook!.status).toBe('delivered');
      expect((await o.update('a', () => undefined))!.destinations.crm!.status).toBe('pending');
      expect(await o.update('zz', () => lead('zz'))).toBeUndefined();
      expect(await o.get('zz')).toBeUndefined();
    });

    it('removes an entry once every destination is delivered; keeps a partly delivered one', async () => {
      const o = make();
      await o.put(lead('a', 0, [hook, crm]));
      await o.update('a', (e) => deliver(e, 'hook'));
      expect(await ids(o)).toEqual(['a']);
      const done = await o.update('a', (e) => deliver(e, 'crm'));
      expect(done!.destinations.crm!.status).toBe('delivered'); // the caller still learns the final state
      expect(await ids(o)).toEqual([]);
    });

    it('keeps dead letters up to the cap (oldest go first) and never evicts a pending lead', async () => {
      const o = make();
      for (let i = 0; i < 30; i++) await o.put(lead(`p${i}`, 100 + i));
      for (let i = 0; i < 5; i++) {
        await o.put(lead(`d${i}`, i));
        await o.update(`d${i}`, (e) => kill(e));
      }
      const left = await ids(o);
      expect(left.filter((id) => id.startsWith('p'))).toHaveLength(30);
      expect(left.filter((id) => id.startsWith('d'))).toEqual(['d3', 'd4']);
    });

    it('a stored entry cannot be changed behind its back', async () => {
      const o = make();
      const e = lead('a');
      await o.put(e);
      (e.payload.answers as Record<string, string>).email = 'changed';
      (await o.get('a'))!.destinations.hook!.attempts = 99;
      const stored = (await o.get('a'))!;
      expect([stored.payload.answers.email, stored.destinations.hook!.attempts]).toEqual(['a@x.test', 0]);
    });
  });

contract('memory', () => createMemoryOutbox([], { maxDeadLetters: 2 }));
contract('IndexedDB', () => createIdbOutbox({ indexedDB: new IDBFactory(), maxDeadLetters: 2 }));

describe('IndexedDB outbox durability', () => {
  it('a put is visible to a new outbox instance (another tab, the next page load)', async () => {
    const indexedDB = new IDBFactory();
    const first = createIdbOutbox({ indexedDB });
    expect(await first.put(lead('a'))).toEqual({ durable: true });
    first.close();
    const second = createIdbOutbox({ indexedDB });
    expect(await ids(second)).toEqual(['a']);
    expect(second.durable()).toBe(true);
    // its own database, apart from the profile's
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual(['cairn-outbox']);
    expect(outboxDbName('brand')).toBe('cairn-outbox:brand');
  });

  it("writes in one readwrite transaction with durability 'strict'", async () => {
    const indexedDB = new IDBFactory();
    const o = createIdbOutbox({ indexedDB });
    await o.list(); // open the database
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await o.put(lead('a'));
    await o.update('a', (e) => ({ ...e, createdAt: 5 }));
    expect(spy.mock.calls.map((c) => [c[0], c[1], c[2]])).toEqual([
      ['entries', 'readwrite', { durability: 'strict' }],
      ['entries', 'readwrite', { durability: 'strict' }],
    ]);
  });

  it('update is one transaction: concurrent read-modify-writes from two instances all survive', async () => {
    const indexedDB = new IDBFactory();
    const a = createIdbOutbox({ indexedDB });
    const b = createIdbOutbox({ indexedDB });
    await a.put(lead('x'));
    const bump = (e: OutboxEntry) => ({ ...e, destinations: { ...e.destinations, hook: { ...e.destinations.hook!, attempts: e.destinations.hook!.attempts + 1 } } });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).update('x', bump)));
    expect((await a.get('x'))!.destinations.hook!.attempts).toBe(20);
  });

  it('falls back to memory when IndexedDB is missing, reporting once, and still delivers from memory', async () => {
    const problems: OutboxProblem[] = [];
    const o = createIdbOutbox({ indexedDB: undefined, onProblem: (p) => problems.push(p) });
    const g = globalThis as { indexedDB?: IDBFactory };
    const had = g.indexedDB;
    g.indexedDB = undefined;
    try {
      expect(await o.put(lead('a'))).toEqual({ durable: false });
      await o.put(lead('b', 1));
      expect(await ids(o)).toEqual(['a', 'b']);
      expect(o.durable()).toBe(false);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: 'outbox-unavailable', message: expect.stringContaining('in memory for this page only') });
    } finally {
      g.indexedDB = had;
    }
  });

  it('an IndexedDB whose open never answers falls back to memory after OPEN_TIMEOUT_MS: a lead never waits on it', async () => {
    const problems: OutboxProblem[] = [];
    const silent = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const o = createIdbOutbox({ indexedDB: silent, onProblem: (p) => problems.push(p) });
    expect(await o.put(lead('a'))).toEqual({ durable: false });
    expect(await ids(o)).toEqual(['a']);
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('no answer in 1 s') })]);
  });

  it('when a transaction starts failing, keeps what it had (and the lead being written) in memory', async () => {
    const indexedDB = new IDBFactory();
    const problems: OutboxProblem[] = [];
    const o = createIdbOutbox({ indexedDB, onProblem: (p) => problems.push(p) });
    await o.put(lead('a', 0, [hook, crm]));
    await o.update('a', (e) => deliver(e, 'hook'));
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    expect(await o.put(lead('b', 1))).toEqual({ durable: false });
    expect(await ids(o)).toEqual(['a', 'b']);
    expect((await o.get('a'))!.destinations.hook!.status).toBe('delivered');
    expect(await o.update('a', (e) => deliver(e, 'crm'))).toBeDefined();
    expect(await ids(o)).toEqual(['b']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('quota');
    spy.mockRestore();
    expect(o.durable()).toBe(false); // for the rest of the page's life
  });

  it('an aborted transaction is a failure too (never a rejection), and a throwing onProblem is contained', async () => {
    const indexedDB = new IDBFactory();
    const o = createIdbOutbox({
      indexedDB,
      onProblem: () => {
        throw Error('host bug');
      },
    });
    await o.list();
    const real = IDBObjectStore.prototype.put;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const r = real.apply(this, args as [unknown, IDBValidKey]);
      this.transaction.abort();
      return r;
    });
    await expect(o.put(lead('a'))).resolves.toEqual({ durable: false });
    spy.mockRestore();
    expect(await ids(o)).toEqual(['a']);
  });
});
