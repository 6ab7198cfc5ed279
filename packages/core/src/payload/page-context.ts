import type { LeadContext } from './lead-payload.js';
import { parseUtm } from './parse-utm.js';

export { parseUtm } from './parse-utm.js';

/**
 * Facts about the page the form is on. Reads the browser globals only when
 * called, and each one only if present, so it is safe in Node and SSR
 * (empty strings, `{}` and 'UTC' there).
 */
export function readPageContext(): LeadContext {
  const g = globalThis as { location?: Location; document?: Document; navigator?: Navigator };
  return {
    page: g.location?.href ?? '',
    referrer: documentReferrer(),
    utm: parseUtm(g.location?.search ?? ''),
    locale: g.navigator?.language ?? '',
    timezone: timeZone(),
  };
}

/**
 * `document.referrer` through `Document`'s own getter: host markup such as `<img name="referrer">`
 * shadows the property on `document` (an element in the lead, which could then not be stored).
 */
export const documentReferrer = (): string =>
  typeof Document == 'function' && globalThis.document ? String(Reflect.get(Document.prototype, 'referrer', document) ?? '') : '';

function timeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC'; // runtimes built without time zone data
  }
}
