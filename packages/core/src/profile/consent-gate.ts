import { createMemoryProfileStore, hub } from './memory-store.js';
import type { Profile, ProfileStore } from './profile.js';

export interface ConsentGate extends ProfileStore {
  /** Whether the real store is in use. */
  readonly granted: boolean;
  /** Consent given: flush the answers held in memory into the real store (once) and use it from now on. Resolves with the stored profile. */
  grant(): Promise<Profile>;
  /** Consent withdrawn: erase the real store and hold answers in memory only again (starting empty). */
  revoke(): Promise<void>;
}

/**
 * Wraps a store so that nothing reaches it before consent: until `grant()`,
 * reads and writes go to memory only and the real store is not touched (for
 * the IndexedDB store: no database is opened or created). `close()` also
 * closes the wrapped store.
 */
export function createConsentGate(store: ProfileStore, o: { granted: boolean }): ConsentGate {
  let on = o.granted;
  const h = hub();
  const mk = () => {
    const m = createMemoryProfileStore();
    m.subscribe(h.emit);
    return m;
  };
  let m = mk();
  let off = on ? store.subscribe(h.emit) : undefined;
  const cur = () => (on ? store : m);
  return {
    get granted() {
      return on;
    },
    read: () => cur().read(),
    merge: (e) => cur().merge(e),
    remove: (k) => cur().remove(k),
    clear: () => cur().clear(),
    subscribe: h.on,
    close: () => {
      off?.();
      m.close();
      store.close();
      h.l.clear();
    },
    grant: async () => {
      if (on) return store.read();
      on = true;
      off = store.subscribe(h.emit);
      return store.merge(await m.read());
    },
    revoke: async () => {
      off?.();
      off = undefined;
      on = false;
      m.close();
      m = mk();
      // always: a consent withdrawn erases what an earlier consent stored
      await store.clear();
      h.emit({});
    },
  };
}
