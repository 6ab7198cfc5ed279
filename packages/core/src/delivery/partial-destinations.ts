import type { FieldValue } from '../model/values.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import { CRM_REQUIRED, crmValues } from './crm-fields.js';
import type { DestinationConfig } from './destination.js';
import { HUBSPOT_STANDARD_FIELDS } from './hubspot-request.js';
import { payloadValue } from './payload-value.js';
import { SALESFORCE_STANDARD_FIELDS } from './salesforce-request.js';

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
  const standard = dest.format == 'hubspot' ? HUBSPOT_STANDARD_FIELDS : SALESFORCE_STANDARD_FIELDS;
  const sent = new Set(crmValues(payload, dest.fields, standard).map(([name]) => name));
  if (!CRM_REQUIRED[dest.format].every((name) => sent.has(name))) return false;
  const consent = dest.format == 'hubspot' ? dest.consent?.field : undefined;
  return consent === undefined || ticked(payloadValue(payload, consent));
}
