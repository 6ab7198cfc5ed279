// IndexedDB here is fake-indexeddb: a fresh `IDBFactory` is installed as the
// global `indexedDB` before each test (vi.stubGlobal), so "no Cairn database"
// can be checked with indexedDB.databases().
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldValue } from '../model/values.js';
import { createConsentGate } from './consent-gate.js';
import { createIdbProfileStore } from './idb-store.js';
import type { Profile, ProfileEntry, ProfileStore } from './profile.js';

const entry = (value: FieldValue, learnedAt: string): ProfileEntry => ({
  value,
  learnedAt,
  source: { form: 'demo', page: 'https://example.com/demo' },
});
const company = entry('Acme', '2024-01-01T00:00:00Z');
const role = entry('CTO', '2024-01-02T00:00:00Z');

const opened: ProfileStore[] = [];
const idb = () => {
  const store = createIdbProfileStore();
  opened.push(store);
  return store;
};
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
});
afterEach(() => {
  opened.splice(0).forEach((s) => s.close());
  vi.unstubAllGlobals();
});

describe('createConsentGate', () => {
  it('before consent: answers stay in memory, no database is created', async () => {
    const gate = createConsentGate(idb(), { granted: false });
    const seen: Profile[] = [];
    gate.subscribe((p) => seen.push(p));
    expect(gate.granted).toBe(false);
    expect(await gate.merge({ company })).toEqual({ company });
    expect(await gate.merge({ role })).toEqual({ company, role });
    expect(await gate.remove(['role'])).toEqual({ company });
    expect(await gate.read()).toEqual({ company });
    expect(seen.at(-1)).toEqual({ company });
    expect(await databases()).toEqual([]);
    gate.close();
  });

  it('does not touch the real store at all before consent', async () => {
    const real: ProfileStore = {
      read: vi.fn(),
      merge: vi.fn(),
      remove: vi.fn(),
      clear: vi.fn(),
      subscribe: vi.fn(),
      close: vi.fn(),
    };
    const gate = createConsentGate(real, { granted: false });
    gate.subscribe(() => {});
    await gate.merge({ company });
    await gate.read();
    await gate.remove(['company']);
    await gate.clear();
    for (const method of ['read', 'merge', 'remove', 'clear', 'subscribe'] as const) expect(real[method]).not.toHaveBeenCalled();
  });

  it('grant() flushes the buffered answers into the real store once, then writes go there', async () => {
    const gate = createConsentGate(idb(), { granted: false });
    await gate.merge({ company });
    const seen: Profile[] = [];
    gate.subscribe((p) => seen.push(p));
    expect(await gate.grant()).toEqual({ company });
    expect(gate.granted).toBe(true);
    expect(await databases()).toEqual(['cairn-profile']);
    expect(await idb().read()).toEqual({ company });
    expect(seen.at(-1)).toEqual({ company });

    await idb().clear(); // the flush happened once: granting again does not re-write the buffer
    expect(await gate.grant()).toEqual({});
    await gate.merge({ role });
    expect(await idb().read()).toEqual({ role });
  });

  it('grant() keeps what was stored on an earlier visit', async () => {
    await idb().merge({ role });
    const gate = createConsentGate(idb(), { granted: false });
    expect(await gate.read()).toEqual({}); // not read before consent
    await gate.merge({ company });
    expect(await gate.grant()).toEqual({ company, role });
  });

  it('granted from the start: a plain pass-through', async () => {
    const gate = createConsentGate(idb(), { granted: true });
    await gate.merge({ company });
    expect(await idb().read()).toEqual({ company });
  });

  it('revoke() erases the real store and goes back to memory only', async () => {
    const gate = createConsentGate(idb(), { granted: true });
    await gate.merge({ company });
    const seen: Profile[] = [];
    gate.subscribe((p) => seen.push(p));
    await gate.revoke();
    expect(gate.granted).toBe(false);
    expect(seen.at(-1)).toEqual({});
    expect(await databases()).toEqual([]);
    expect(await gate.read()).toEqual({});
    await gate.merge({ role });
    expect(await gate.read()).toEqual({ role });
    expect(await databases()).toEqual([]);
  });

  it('revoke() without consent in this page still erases what an earlier consent stored', async () => {
    await idb().merge({ company });
    const gate = createConsentGate(idb(), { granted: false });
    await gate.revoke();
    expect(await databases()).toEqual([]);
  });
});
