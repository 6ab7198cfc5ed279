// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * SSR safety: importing the profile modules, and creating stores, touches no
 * browser global. Getters on globalThis record any access.
 */
const GLOBALS = ['window', 'indexedDB', 'BroadcastChannel', 'localStorage', 'document'] as const;

describe('profile modules in Node', () => {
  const saved = GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  afterEach(() => {
    for (const [name, had] of saved) {
      delete (globalThis as Record<string, unknown>)[name];
      if (had) Object.defineProperty(globalThis, name, had);
    }
  });

  it('import and construction touch no browser global; a store then works from memory', async () => {
    const touched: string[] = [];
    for (const name of GLOBALS) {
      const had = Object.getOwnPropertyDescriptor(globalThis, name);
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get: () => (touched.push(name), had?.get ? had.get.call(globalThis) : had?.value),
      });
    }
    vi.resetModules();
    // the whole user API and the profile entry: neither touches a browser global at import
    const core = { ...(await import('../index.js')), ...(await import('../entries/profile.js')) };
    const gate = core.createConsentGate(core.createIdbProfileStore(), { granted: false });
    core.createMemoryProfileStore();
    expect(touched).toEqual([]);

    const onProblem = vi.fn();
    const store = core.createIdbProfileStore({ onProblem, channel: false });
    const company = { value: 'Acme', learnedAt: '2024-01-01T00:00:00Z', source: { form: 'demo', page: '/' } };
    expect(await store.merge({ company })).toEqual({ company });
    expect(touched).toContain('indexedDB'); // used, at last
    expect(onProblem).toHaveBeenCalledTimes(1);
    gate.close();
    store.close();
  });
});
