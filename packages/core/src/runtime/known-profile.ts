import type { FieldValue } from '../model/values.js';
import type { Profile, ProfileEntry } from '../profile/profile.js';
import type { FormConfig } from '../schema/form-schema.js';
import { CONSENT_KEY, storageAllowed, type PageState } from './page-state.js';

/** What the host page already knows about the visitor, by profile key: a value, or a whole entry. */
export type HostProfile = Readonly<Record<string, FieldValue | ProfileEntry>>;

/**
 * What a form may know of the visitor: the stored profile where this form may use it (consent),
 * with the host's values on top (a bare value is learned now, source form `mount`). Consent given
 * on an earlier page (the stored consent record) counts for this page too.
 */
export function knownProfile(state: PageState, form: FormConfig, stored: Profile, host: HostProfile = {}, now = new Date()): Profile {
  if (stored[CONSENT_KEY]) state.consent ??= true;
  const hosted: Record<string, ProfileEntry> = {};
  const learnedAt = now.toISOString();
  const page = (globalThis.location?.href ?? '').split(/[?#]/)[0]!;
  for (const [key, value] of Object.entries(host))
    hosted[key] = value && typeof value == 'object' && 'value' in value ? value : { value, learnedAt, source: { form: 'mount', page } };
  return { ...(storageAllowed(state, form.profiling?.consent) && stored), ...hosted };
}
