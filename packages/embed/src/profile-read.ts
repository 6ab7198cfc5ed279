import { profileDbName, type Profile } from '@cairn/core';

/**
 * What cairn.js knows about profiling on this page, shared with cairn-later.js (which gets
 * it as an argument: the two files are separate bundles).
 */
export interface ProfilePage {
  /**
   * The page's consent: `true` after `Cairn.consent(true)` or a ticked consent field of a
   * form with `profiling.consent: "required"`, `false` after `Cairn.consent(false)`,
   * `undefined` while nobody said.
   */
  consent?: boolean;
  /** Say it on the console, once per page (storage problems, a failed cairn-later.js for the API). */
  warn(message: string): void;
}

/**
 * May a form with this `profiling.consent` read and write the stored profile now? `"none"`
 * (the default) may unless the page withdrew consent; `"required"` only after consent.
 */
export const storageAllowed = (page: ProfilePage, mode?: string): boolean =>
  page.consent ?? mode != 'required';

/**
 * Profile key of the consent record: written with the first answers stored under consent, so
 * the site's next pages know consent was given (until it is withdrawn, or purged with the
 * answers after `retentionDays`). Not a field key: ids cannot start with `$`.
 */
export const CONSENT_KEY = '$consent';

export const unavailable = (error: unknown): string =>
  `IndexedDB is unavailable (${(error as Error)?.message || error}); answers are kept in memory for this page only`;

/**
 * The stored profile, read with raw IndexedDB (cairn.js carries no idb-keyval). Never creates
 * anything: when the database does not exist (`upgradeneeded`), that upgrade is aborted, so
 * no database is left behind, and the profile is `{}`. Resolves `[profile]`, or `[{}, error]`
 * when IndexedDB is missing or fails; never rejects. No timeout here: callers race it (a
 * failed `get`, which does not happen in practice, is left to that timeout too).
 */
export const readProfile = (namespace?: string): Promise<[Profile, unknown?]> =>
  new Promise((resolve) => {
    const no = (error: unknown) => resolve([{}, error]);
    try {
      const open = indexedDB.open(profileDbName(namespace));
      open.onupgradeneeded = () => open.transaction!.abort();
      // An aborted upgrade (no such database) fails the request with an AbortError: not a problem.
      open.onerror = (event) => {
        event.preventDefault();
        no(open.error?.name != 'AbortError' && open.error);
      };
      open.onsuccess = () => {
        const db = open.result;
        try {
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
