import type { Profile } from '../profile/profile.js';
import { profileDb } from '../storage/names.js';

/**
 * The stored profile, read with raw IndexedDB: the script tag's first bundle has no room for
 * `storage/idb.ts` (`openDb` without `create` does the same in more bytes), so only the names
 * come from `storage/names.ts`. Never creates anything: when the database does not exist
 * (`upgradeneeded`), that upgrade is aborted, so no database is left behind, and the profile is
 * `{}`; where `indexedDB.databases()` says it does not exist, it is not even opened. Resolves
 * `[profile]`, or `[{}, error]` when IndexedDB is missing or fails; never rejects. No timeout
 * here: callers race it.
 */
export const readStoredProfile = async (namespace?: string): Promise<[Profile, unknown?]> => {
  const name = profileDb(namespace);
  try {
    // A first visit opens nothing (an open, even aborted, costs 30–55 ms before the first render):
    // where the browser lists its databases, one that is not there holds no profile.
    const list = await indexedDB.databases?.().catch(() => undefined);
    if (list && !list.some((db) => db.name == name)) return [{}];
  } catch (error) {
    return [{}, error];
  }
  return new Promise((resolve) => {
    const no = (error: unknown) => resolve([{}, error]);
    try {
      const open = indexedDB.open(name);
      open.onupgradeneeded = () => open.transaction!.abort();
      // An aborted upgrade (no such database) fails the request with an AbortError: not a problem.
      open.onerror = (event) => {
        event.preventDefault();
        no(open.error?.name != 'AbortError' && open.error);
      };
      open.onsuccess = () => {
        const db = open.result;
        try {
          // PROFILE_STORE and PROFILE_KEY of storage/names.ts, spelled out: the bundler would not inline them
          const get = db.transaction('profile').objectStore('profile').get('profile');
          get.onsuccess = () => resolve([get.result || {}]);
        } catch (error) {
          no(error); // a database of that name without the store: not ours
        }
        // after the read: close() waits for the transaction, and lets another tab delete the database
        db.close();
      };
    } catch (error) {
      no(error);
    }
  });
};
