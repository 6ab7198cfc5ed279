import { CRM_REQUIRED } from '../../delivery/crm-fields.js';
import { META_KEYS } from '../../delivery/payload-value.js';
import type { FormConfig } from '../form-schema.js';
import type { Report } from '../problem.js';
import { formatPath } from '../config-error.js';
import type { FieldsById, FieldsByProfileKey } from './check-fields.js';
import { recordKeys } from './rules.js';

/** A HubSpot property's internal name: what its API takes (a label like "First Name" is refused). */
const HUBSPOT_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * What a HubSpot or Salesforce destination would send, checked before any lead goes: every key
 * of `fields` is a field, a profile key or a `$` key of the lead; HubSpot names are internal
 * names; the fields the CRM refuses a lead without are sent (Salesforce `last_name` and
 * `company`, HubSpot `email`); one that takes partial leads marks them (`$partial` mapped).
 */
export const checkCrmDestinations = (form: FormConfig, fields: FieldsById, keys: FieldsByProfileKey, add: Report): void => {
  (form.submit.destinations ?? []).forEach((dest, i) => {
    const format = dest.format;
    if (format != 'hubspot' && format != 'salesforce') return;
    const at = (...path: string[]) => formatPath(['submit', 'destinations', i, ...path]);
    const known = (key: string) => (key.startsWith('$') ? META_KEYS.includes(key.slice(1)) : fields.has(key) || keys.has(key));
    const map = dest.fields ?? {};
    for (const key of recordKeys(map)) {
      if (!known(key)) add(at('fields', key), 'unknown_field', { id: key, ids: [...fields.keys()] });
      else if (format == 'hubspot' && !HUBSPOT_NAME.test(map[key]!)) add(at('fields', key), 'invalid_crm_name', { type: format, name: map[key]! });
    }
    // without a map, answers go under their own id when it is a standard name (the required ones are)
    const sent = new Set(dest.fields ? recordKeys(map).filter(known).map((key) => map[key]) : CRM_REQUIRED[format].filter((name) => fields.has(name) || keys.has(name)));
    for (const name of CRM_REQUIRED[format]) if (!sent.has(name)) add(dest.fields ? at('fields') : at(), 'unmapped_crm_field', { type: format, name });
    if (dest.partial && !Object.hasOwn(map, '$partial')) add(at('partial'), 'unmarked_partial', { type: format });
  });
};
