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
export function createConsentGate(store: ProfileStore, options: { granted: boolean }): ConsentGate {
  let granted = options.granted;
  const changes = hub();
  const newBuffer = () => {
    const buffer = createMemoryProfileStore();
    buffer.subscribe(changes.emit);
    return buffer;
  };
  let buffer = newBuffer();
  let stopListening = granted ? store.subscribe(changes.emit) : undefined;
  const current = () => (granted ? store : buffer);
  return {
    get granted() {
      return granted;
    },
    read: () => current().read(),
    merge: (entries) => current().merge(entries),
    remove: (keys) => current().remove(keys),
    clear: () => current().clear(),
    subscribe: changes.on,
    close: () => {
      stopListening?.();
      buffer.close();
      store.close();
      changes.listeners.clear();
    },
    grant: async () => {
      if (granted) return store.read();
      granted = true;
      stopListening = store.subscribe(changes.emit);
      return store.merge(await buffer.read());
    },
    revoke: async () => {
      stopListening?.();
      stopListening = undefined;
      granted = false;
      buffer.close();
      buffer = newBuffer();
      // always: a consent withdrawn erases what an earlier consent stored
      await store.clear();
      changes.emit({});
    },
  };
}
