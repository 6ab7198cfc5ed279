import { profileUnavailable } from '../storage/idb.js';

/**
 * What every part of a page's runtime shares: the visitor's consent as this page knows it, and
 * the one console line per page. A shell (the script tag, a framework wrapper) may hold one
 * before the runtime loads and hand it over (`createCairnPage({ state })`).
 */
export interface PageState {
  /**
   * `true` after `consent(true)` or a ticked consent field of a form with
   * `profiling.consent: "required"`, `false` after `consent(false)`, `undefined` while nobody said.
   */
  consent?: boolean;
  /**
   * Forms mounted on this page: bit 1, any form; bit 2, one with `profiling.consent: "required"`.
   * The script tag keeps the page's view for the next page only where such forms may store.
   */
  forms?: number;
  /** This page's view is recorded (or kept for the next page: `keepPendingView`). */
  viewed?: boolean;
  /** Say it on the console, once per page (storage problems, a failed load). */
  warn(message: string): void;
}

/** A page state whose `warn` writes one console.warn per page, whatever goes wrong how often. */
export function createPageState(consent?: boolean): PageState {
  let warned = false;
  return {
    consent,
    warn(message) {
      if (warned) return;
      warned = true;
      try {
        console.warn(`Cairn: ${message}`);
      } catch {
        // a console that throws: nothing more to say
      }
    },
  };
}

/**
 * May a form with this `profiling.consent` read and write the stored profile now? `"none"`
 * (the default) may unless the page withdrew consent; `"required"` only after consent.
 */
export const storageAllowed = (state: Pick<PageState, 'consent'>, mode?: string): boolean => state.consent ?? mode != 'required';

/**
 * Profile key of the consent record: written with the first answers stored under consent, so
 * the site's next pages know consent was given (until it is withdrawn, or purged with the
 * answers after `retentionDays`). Not a field key: ids cannot start with `$`.
 */
export const CONSENT_KEY = '$consent';

/** `IndexedDB is unavailable (<why>); answers are kept in memory for this page only` (`storage/idb.ts`). */
export const unavailableMessage = profileUnavailable;
