import type { FieldValue } from '../model/values.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { DestinationConfig } from './destination.js';
import { payloadValue } from './payload-value.js';

/**
 * What a lead sends to a CRM (HubSpot, Salesforce Web-to-Lead), and what a CRM needs from it.
 *
 * Only mapped values go: the destination's `fields` (Cairn key → CRM name), or without one, the
 * answers (and remembered values) whose field id already is one of the CRM's standard names
 * below. Anything else (a consent tick, a newsletter box, an internal id) never reaches the CRM
 * as a property it may not have: HubSpot refuses a whole submission naming an unknown property.
 */

/** HubSpot's default contact properties, by internal name: sent under their own name without `fields`. */
export const HUBSPOT_STANDARD_FIELDS: readonly string[] = [
  'email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'jobtitle', 'website', 'address', 'city', 'state', 'zip', 'country',
  'industry', 'numemployees', 'annualrevenue', 'message', 'salutation', 'fax',
];

/** Salesforce Web-to-Lead's standard field names: sent under their own name without `fields`. */
export const SALESFORCE_STANDARD_FIELDS: readonly string[] = [
  'first_name', 'last_name', 'email', 'company', 'title', 'phone', 'mobile', 'fax', 'URL', 'street', 'city', 'state', 'zip', 'country',
  'description', 'industry', 'employees', 'revenue', 'rating', 'salutation', 'lead_source',
];

/** What each CRM refuses a lead without: Salesforce's required Lead fields, HubSpot's contact key. */
export const CRM_REQUIRED: Readonly<Record<'hubspot' | 'salesforce', readonly string[]>> = { hubspot: ['email'], salesforce: ['last_name', 'company'] };

type Crm = keyof typeof CRM_REQUIRED;

/** Cairn key → CRM name: the destination's own map, or each standard name under itself. */
export const crmMap = (format: Crm, fields: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> =>
  fields ?? Object.fromEntries((format == 'hubspot' ? HUBSPOT_STANDARD_FIELDS : SALESFORCE_STANDARD_FIELDS).map((name) => [name, name]));

/** [CRM name, value] pairs of the lead, in map order, skipping keys without a value. */
export function crmValues(payload: LeadPayload, format: Crm, fields: Readonly<Record<string, string>> | undefined): [string, FieldValue][] {
  const out: [string, FieldValue][] = [];
  for (const [key, name] of Object.entries(crmMap(format, fields))) {
    const value = payloadValue(payload, key);
    if (value !== undefined && value !== '') out.push([name, value]);
  }
  return out;
}

const ticked = (v: FieldValue | undefined) => v === true || v === 'true';

/**
 * Whether a partial lead (`payload.partial`) may go to `dest`: always to a json receiver or a
 * custom transport (the payload says `partial: true`); to a CRM only when the destination asks
 * for partial leads (`"partial": true`, which config validation lets through only with
 * `$partial` mapped: the CRM can tell it from a submission), has every field the CRM requires,
 * and (HubSpot) the visitor ticked the consent box it names. A full lead always may.
 */
export function mayReceive(payload: LeadPayload, dest: DestinationConfig): boolean {
  if (!payload.partial || dest.format == 'json' || dest.format == 'custom') return true;
  if (!dest.partial) return false;
  const sent = new Set(crmValues(payload, dest.format, dest.fields).map(([name]) => name));
  if (!CRM_REQUIRED[dest.format].every((name) => sent.has(name))) return false;
  const consent = dest.format == 'hubspot' ? dest.consent?.field : undefined;
  return consent === undefined || ticked(payloadValue(payload, consent));
}
