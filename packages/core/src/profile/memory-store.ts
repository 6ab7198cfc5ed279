import { mergeProfiles, type Profile, type ProfileEntry, type ProfileStore } from './profile.js';

type Listener = (profile: Profile) => void;

/** @internal A listener set whose `emit` never lets a listener's exception reach the writer. */
export const hub = () => {
  const listeners = new Set<Listener>();
  return {
    listeners,
    emit: (profile: Profile) =>
      listeners.forEach((listener) => {
        try {
          listener(profile);
        } catch {
          /* a listener's bug must not fail a write */
        }
      }),
    on: (listener: Listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  };
};

/** @internal `profile` without `keys`. */
export const omit = (profile: Profile, keys: readonly string[]): Profile => {
  const rest: Record<string, ProfileEntry> = { ...profile };
  for (const key of keys) delete rest[key];
  return rest;
};

/**
 * A profile kept in memory for the life of the page (or a Node process): the
 * fallback when IndexedDB is unavailable, the buffer before consent, and the
 * store for tests and SSR. Every write notifies this instance's subscribers.
 */
export function createMemoryProfileStore(initial: Profile = {}): ProfileStore {
  let profile = initial;
  const changes = hub();
  const set = (next: Profile) => (changes.emit((profile = next)), next);
  return {
    read: async () => profile,
    merge: async (entries) => set(mergeProfiles(profile, entries)),
    remove: async (keys) => set(omit(profile, keys)),
    clear: async () => void set({}),
    subscribe: changes.on,
    close: () => changes.listeners.clear(),
  };
}
