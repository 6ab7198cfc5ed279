import type { Utm } from '../model/values.js';

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
/** Long enough for any real campaign name; short enough that a crafted URL cannot bloat the lead. */
const MAX_UTM_LENGTH = 200;

/** The `utm_*` parameters of a query string (`?` optional), trimmed and capped; empty ones left out. */
export function parseUtm(search: string): Utm {
  const params = new URLSearchParams(search);
  const utm: Utm = {};
  for (const key of UTM_KEYS) {
    const value = params.get(`utm_${key}`)?.trim().slice(0, MAX_UTM_LENGTH);
    if (value) utm[key] = value;
  }
  return utm;
}
