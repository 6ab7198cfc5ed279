import { entryTime, type Profile, type ProfileEntry } from './profile.js';

/**
 * Move stored answers to renamed keys (`profiling.migrate`). Chains are
 * followed (a→b plus b→c moves a to c) and cycles stop before repeating (a→b
 * plus b→a swaps). When two entries land on one key the later wins; on a tie,
 * the one already under that key. Pure.
 */
export function migrateProfile(profile: Profile, map: Readonly<Record<string, string>>): Profile {
  const out: Record<string, ProfileEntry> = {};
  for (const [k, e] of Object.entries(profile)) {
    let t = k;
    for (const seen = new Set([k]); Object.hasOwn(map, t) && !seen.has(map[t]!); seen.add(t)) t = map[t]!;
    const have = out[t];
    const d = have ? entryTime(e) - entryTime(have) : 1;
    if (d > 0 || (!d && k == t)) out[t] = e;
  }
  return out;
}
