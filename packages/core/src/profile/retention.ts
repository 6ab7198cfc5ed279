import { entryTime, type Profile, type ProfileEntry } from './profile.js';

const DAY = 864e5;

/** Whether an entry was learned (or last confirmed) more than `days` days before `now`. */
export const isStale = (entry: ProfileEntry, days: number, now: number | Date = Date.now()): boolean =>
  +now - entryTime(entry) > days * DAY;

/** Drop entries older than `retentionDays` (by learnedAt / confirmedAt, the later). Pure. */
export function purgeExpired(
  profile: Profile,
  { retentionDays, now = Date.now() }: { retentionDays: number; now?: number | Date },
): { profile: Profile; removed: string[] } {
  const kept: Record<string, ProfileEntry> = {};
  const removed: string[] = [];
  for (const [k, e] of Object.entries(profile)) isStale(e, retentionDays, now) ? removed.push(k) : (kept[k] = e);
  return { profile: kept, removed };
}
