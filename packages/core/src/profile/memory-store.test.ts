import { describe, expect, it, vi } from 'vitest';
import { createMemoryProfileStore } from './memory-store.js';
import type { FieldValue } from '../model/values.js';
import type { ProfileEntry } from './profile.js';

const entry = (value: FieldValue, learnedAt: string, more: Partial<ProfileEntry> = {}): ProfileEntry => ({
  value,
  learnedAt,
  source: { form: 'demo', version: 1, page: 'https://example.com/demo' },
  ...more,
});

const a = entry('Acme', '2024-01-01T00:00:00Z');
const b = entry('CTO', '2024-01-02T00:00:00Z');

describe('createMemoryProfileStore', () => {
  it('starts from the initial profile and merges by time', async () => {
    const store = createMemoryProfileStore({ company: a });
    const older = entry('Old Co', '2023-01-01T00:00:00Z');
    expect(await store.merge({ company: older, role: b })).toEqual({ company: a, role: b });
    expect(await store.read()).toEqual({ company: a, role: b });
  });

  it('removes keys and clears', async () => {
    const store = createMemoryProfileStore({ company: a, role: b });
    expect(await store.remove(['company'])).toEqual({ role: b });
    await store.clear();
    expect(await store.read()).toEqual({});
  });

  it('notifies subscribers after every write until they unsubscribe or the store closes', async () => {
    const store = createMemoryProfileStore();
    const one = vi.fn();
    const two = vi.fn();
    const off = store.subscribe(one);
    store.subscribe(two);
    await store.merge({ company: a });
    expect(one).toHaveBeenLastCalledWith({ company: a });
    off();
    await store.remove(['company']);
    expect(one).toHaveBeenCalledTimes(1);
    expect(two).toHaveBeenLastCalledWith({});
    store.close();
    await store.merge({ role: b });
    expect(two).toHaveBeenCalledTimes(2);
  });

  it("a subscriber's exception does not fail the write", async () => {
    const store = createMemoryProfileStore();
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    await expect(store.merge({ company: a })).resolves.toEqual({ company: a });
  });
});
