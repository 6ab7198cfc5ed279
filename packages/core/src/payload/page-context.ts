import type { LeadContext, Utm } from './lead-payload.js';

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

/**
 * Facts about the page the form is on. Reads the browser globals only when
 * called, and each one only if present, so it is safe in Node and SSR
 * (empty strings, `{}` and 'UTC' there).
 */
export function readPageContext(): LeadContext {
  const g = globalThis as { location?: Location; document?: Document; navigator?: Navigator };
  return {
    page: g.location?.href ?? '',
    referrer: g.document?.referrer ?? '',
    utm: parseUtm(g.location?.search ?? ''),
    locale: g.navigator?.language ?? '',
    timezone: timeZone(),
  };
}

function timeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC'; // runtimes built without time zone data
  }
}
