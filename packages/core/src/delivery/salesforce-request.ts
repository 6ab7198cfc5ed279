import type { LeadPayload } from '../payload/lead-payload.js';
import { absoluteUrl, type BuildResult } from './delivery-request.js';
import { payloadValue } from './payload-value.js';
import { crmValues } from './crm-fields.js';

export const SALESFORCE_WEB_TO_LEAD_URL = 'https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8';

/** Salesforce Web-to-Lead's standard field names: sent under their own name without `fields`. */
export const SALESFORCE_STANDARD_FIELDS: readonly string[] = [
  'first_name', 'last_name', 'email', 'company', 'title', 'phone', 'mobile', 'fax', 'URL', 'street', 'city', 'state', 'zip', 'country',
  'description', 'industry', 'employees', 'revenue', 'rating', 'salutation', 'lead_source',
];

export interface SalesforceTarget {
  /** The org id (`00D…`). */
  oid: string;
  /** Default SALESFORCE_WEB_TO_LEAD_URL (e.g. a sandbox, or your own relay). */
  endpoint?: string;
  /** Cairn key (or `$id`, `$partial`…) → Web-to-Lead field name: `email`, `company`, `last_name`, custom `00N…` ids. Without it: answers whose id is a standard Web-to-Lead name (`crm-fields.ts`). */
  fields?: Readonly<Record<string, string>>;
  /** `lead_source`: a literal value, or a `$` key of the lead (`$utm.source`); omitted when absent, empty or mapped in `fields`. None by default: Salesforce's Lead Source is a picklist, and a value outside it is dropped or refused. */
  leadSource?: string;
  /** Where Salesforce would redirect a browser form; optional for a fetch. */
  retURL?: string;
}

/**
 * Salesforce Web-to-Lead: an HTML-form POST (`application/x-www-form-urlencoded`)
 * with the org id in `oid`. Arrays go as repeated fields (what a multi-select
 * sends); booleans as "1"/"0" (a checkbox field).
 *
 * Limitation: Salesforce's endpoint sends no CORS headers, so the browser
 * request is made with mode 'no-cors' and its response is opaque: Cairn cannot
 * see whether Salesforce accepted the lead (it answers 200 even for a bad
 * `oid`), only whether the request left. Network failures still retry; a lead
 * Salesforce drops is not seen. For verified delivery point `endpoint` at your
 * own relay, or use the json transport to a server that writes to Salesforce.
 * Web-to-Lead takes no idempotency key: map `$id` to a custom field to dedupe.
 */
export function buildSalesforceRequest(payload: LeadPayload, target: SalesforceTarget): BuildResult {
  const oid = String(target.oid ?? '').trim();
  if (!oid) return { ok: false, message: 'salesforce destination needs oid' };
  const url = absoluteUrl(target.endpoint ?? SALESFORCE_WEB_TO_LEAD_URL);
  if (!url) return { ok: false, message: `endpoint "${target.endpoint}" is not an http(s) URL` };

  const form = new URLSearchParams();
  form.append('oid', oid);
  if (target.retURL) form.append('retURL', target.retURL);
  for (const [name, value] of crmValues(payload, target.fields, SALESFORCE_STANDARD_FIELDS)) {
    if (Array.isArray(value)) for (const v of value) form.append(name, v);
    else form.append(name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const spec = target.leadSource;
  if (spec && !form.has('lead_source')) {
    const source = spec.startsWith('$') ? payloadValue(payload, spec) : spec;
    if (source !== undefined && source !== '') form.append('lead_source', String(source));
  }

  return {
    ok: true,
    request: {
      url,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      mode: 'no-cors',
      credentials: 'omit',
    },
  };
}
