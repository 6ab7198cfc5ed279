import { mergeProfiles, type Profile, type ProfileEntry, type ProfileStore } from './profile.js';

type Listener = (profile: Profile) => void;

/** @internal A listener set whose `emit` never lets a listener's exception reach the writer. */
export const hub = () => {
  const l = new Set<Listener>();
  return {
    l,
    emit: (p: Profile) =>
      l.forEach((f) => {
        try {
          f(p);
        } catch {
          /* a listener's bug must not fail a write */
        }
      }),
    on: (f: Listener) => (l.add(f), () => void l.delete(f)),
  };
};

/** @internal `p` without `keys`. */
export const omit = (p: Profile, keys: readonly string[]): Profile => {
  const o: Record<string, ProfileEntry> = { ...p };
  for (const k of keys) delete o[k];
  return o;
};

/**
 * A profile kept in memory for the life of the page (or a Node process): the
 * fallback when IndexedDB is unavailable, the buffer before consent, and the
 * store for tests and SSR. Every write notifies this instance's subscribers.
 */
export function createMemoryProfileStore(initial: Profile = {}): ProfileStore {
  let p = initial;
  const h = hub();
  const set = (n: Profile) => (h.emit((p = n)), n);
  return {
    read: async () => p,
    merge: async (e) => set(mergeProfiles(p, e)),
    remove: async (k) => set(omit(p, k)),
    clear: async () => void set({}),
    subscribe: h.on,
    close: () => h.l.clear(),
  };
}
