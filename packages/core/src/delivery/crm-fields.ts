import type { FieldValue } from '../model/values.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import { payloadValue } from './payload-value.js';

/**
 * What a lead sends to a CRM (HubSpot, Salesforce Web-to-Lead), and what a CRM needs from it.
 *
 * Only mapped values go: the destination's `fields` (Cairn key → CRM name), or without one, the
 * answers (and remembered values) whose field id already is one of the CRM's standard names
 * below. Anything else (a consent tick, a newsletter box, an internal id) never reaches the CRM
 * as a property it may not have: HubSpot refuses a whole submission naming an unknown property.
 * The standard names live with each CRM's request builder (hubspot-request.ts,
 * salesforce-request.ts); which partial leads a CRM gets, in partial-destinations.ts.
 */

/** What each CRM refuses a lead without: Salesforce's required Lead fields, HubSpot's contact key. */
export const CRM_REQUIRED: Readonly<Record<'hubspot' | 'salesforce', readonly string[]>> = { hubspot: ['email'], salesforce: ['last_name', 'company'] };

/**
 * Cairn key → CRM name: the destination's own map, or each of the CRM's `standard` names under
 * itself. (The list is passed in: the script tag's later chunk, which builds Salesforce's
 * last-chance request, carries only Salesforce's.)
 */
export const crmMap = (fields: Readonly<Record<string, string>> | undefined, standard: readonly string[]): Readonly<Record<string, string>> =>
  fields ?? Object.fromEntries(standard.map((name) => [name, name]));

/** [CRM name, value] pairs of the lead, in map order, skipping keys without a value. */
export function crmValues(payload: LeadPayload, fields: Readonly<Record<string, string>> | undefined, standard: readonly string[]): [string, FieldValue][] {
  const out: [string, FieldValue][] = [];
  for (const [key, name] of Object.entries(crmMap(fields, standard))) {
    const value = payloadValue(payload, key);
    if (value !== undefined && value !== '') out.push([name, value]);
  }
  return out;
}
