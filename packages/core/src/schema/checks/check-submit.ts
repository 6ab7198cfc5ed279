import { checkDestinations, isEndpoint } from '../../delivery/check-destination.js';
import type { FormConfig } from '../form-schema.js';
import type { Report } from '../problem.js';
import type { FieldsById } from './check-fields.js';
import { checkFieldsExist, checkPositive } from './rules.js';

/**
 * `submit`: somewhere to send a lead (an endpoint, or destinations each usable for its
 * format), partial leads of fields that exist, an enrich URL, numbers above 0.
 */
export const checkSubmit = (form: FormConfig, fields: FieldsById, add: Report): void => {
  const submit = form.submit;
  const { endpoint, destinations = [] } = submit;
  if (endpoint !== undefined && !isEndpoint(endpoint)) add('submit.endpoint', 'invalid_endpoint', { value: endpoint });
  // nowhere to send a lead: the visitor would fill in the form for nothing
  if (endpoint === undefined && !destinations.length) add('submit', 'missing_destination');
  // the same rules as delivery's own check, reported with the config's codes
  for (const { path, code, data } of checkDestinations(destinations, 'submit.destinations')) {
    const { format: type, key: id, value, at } = data;
    if (code === 'missing_key') add(path, 'missing_destination_key', { type, id });
    else if (code === 'unexpected_key') add(path, 'unexpected_destination_key', { type, id });
    else if (code === 'duplicate_destination_id') add(path, code, { id: String(value), at });
    else if (code === 'invalid_endpoint') add(path, code, { value });
    // retry numbers and timeoutMs (a format outside the enum cannot pass the shape check)
    else add(path, 'invalid_range', { value: value as number, min: 0, positive: true });
  }
  checkPositive('submit.partial.afterSeconds', submit.partial?.afterSeconds, add);
  checkFieldsExist('submit.partial.fields', submit.partial?.fields, fields, add);
  const enrich = submit.enrich;
  if (enrich && !isEndpoint(enrich.url)) add('submit.enrich.url', 'invalid_endpoint', { value: enrich.url });
  checkPositive('submit.enrich.timeoutMs', enrich?.timeoutMs, add);
};
