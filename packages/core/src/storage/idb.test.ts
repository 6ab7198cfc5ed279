// IndexedDB here is fake-indexeddb: a fresh `IDBFactory` is the global `indexedDB` of each test.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropDb, exists, listDbs, onResult, openDb, profileUnavailable, transact, unavailable } from './idb.js';
import { BEHAVIOUR_DB, outboxDb, profileDb } from './names.js';

beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));
afterEach(() => vi.unstubAllGlobals());

const create = (db: IDBDatabase) => void db.createObjectStore('s');

describe('storage/idb', () => {
  it('names: one database per store, a namespace appended', () => {
    expect([profileDb(), profileDb('brand'), outboxDb(), outboxDb('brand'), BEHAVIOUR_DB]).toEqual([
      'cairn-profile',
      'cairn-profile:brand',
      'cairn-outbox',
      'cairn-outbox:brand',
      'cairn-signals',
    ]);
  });

  it('openDb without create never creates: undefined, and no database left behind', async () => {
    expect(await openDb('x')).toBeUndefined();
    expect(await listDbs()).toEqual([]);
    expect(await exists('x')).toBe(false);
  });

  it('openDb with create, then a read-modify-write in one transaction (strict where asked)', async () => {
    const db = await openDb('x', { create });
    expect(await exists('x')).toBe(true);
    const bump = () =>
      transact(
        db,
        's',
        'readwrite',
        (s) => {
          let n = 0;
          onResult(s.get('k') as IDBRequest<number | undefined>, (v) => s.put((n = (v ?? 0) + 1), 'k'));
          return () => n;
        },
        { durability: 'strict' },
      );
    expect(await Promise.all([bump(), bump()])).toEqual([1, 2]);
    db.close();
    expect(await (await openDb('x'))?.version).toBe(1);
  });

  it('transact rejects with what a request handler threw (quota), and aborts', async () => {
    const db = await openDb('x', { create });
    const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
    const write = transact(db, 's', 'readwrite', (s) => {
      s.put(1, 'k');
      onResult(s.get('k'), () => {
        throw quota;
      });
      return () => 'done';
    });
    await expect(write).rejects.toBe(quota);
    let count = -1;
    await transact(db, 's', 'readonly', (s) => (onResult(s.count(), (c) => (count = c)), () => 0));
    expect(count).toBe(0); // the put was rolled back
    db.close();
  });

  it('an open that does not answer rejects after timeoutMs', async () => {
    const silent = { open: () => ({}) } as unknown as IDBFactory;
    await expect(openDb('x', { factory: silent, timeoutMs: 20, create })).rejects.toThrow('no answer in 0.02 s');
  });

  it('dropDb deletes; without IndexedDB it resolves the error; exists cannot know', async () => {
    (await openDb('x', { create })).close();
    expect(await dropDb('x')).toBeUndefined();
    expect(await listDbs()).toEqual([]);
    vi.stubGlobal('indexedDB', undefined);
    expect(await dropDb('x')).toEqual(Error('not supported here'));
    expect(await exists('x')).toBeUndefined();
    await expect(openDb('x')).rejects.toThrow('not supported here');
  });

  it('unavailable: one wording', () => {
    expect(unavailable(Error('denied'), 'leads are kept')).toBe('IndexedDB is unavailable (denied); leads are kept');
    expect(profileUnavailable('blocked')).toBe('IndexedDB is unavailable (blocked); answers are kept in memory for this page only');
  });
});
