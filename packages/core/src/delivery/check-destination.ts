import { absoluteUrl } from './delivery-request.js';
import { DESTINATION_FORMATS, type DestinationConfig, type DestinationFormat } from './destination.js';

/** A destination config problem, as a value: where (JS notation), which rule, and words for the marketer. */
export interface DestinationProblem {
  path: string;
  code: 'missing_key' | 'unexpected_key' | 'invalid_value' | 'invalid_endpoint' | 'duplicate_destination_id';
  message: string;
}

const COMMON = ['id', 'format', 'retry'] as const;
/** Per format: the keys it needs, and the keys it may have. */
const KEYS: Record<DestinationFormat, { required: readonly (keyof DestinationConfig)[]; optional: readonly (keyof DestinationConfig)[] }> = {
  json: { required: ['endpoint'], optional: ['headers'] },
  hubspot: { required: ['portalId', 'formGuid'], optional: ['fields', 'consent'] },
  salesforce: { required: ['oid'], optional: ['endpoint', 'fields', 'leadSource', 'retURL'] },
  custom: { required: ['name'], optional: [] },
};

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * What is wrong with one destination beyond its shape (the zod schema checks
 * types): a key its format needs but lacks (hubspot without `portalId`), a key
 * its format would ignore (`headers` on hubspot), an endpoint that is not
 * http(s), unusable retry numbers. Pure; never throws for an object input.
 */
export function checkDestination(dest: DestinationConfig, path: string): DestinationProblem[] {
  const problems: DestinationProblem[] = [];
  const add = (key: string, code: DestinationProblem['code'], message: string) => problems.push({ path: `${path}.${key}`, code, message });
  const format = dest.format;
  if (!(DESTINATION_FORMATS as readonly string[]).includes(format)) {
    add('format', 'invalid_value', `"${String(format)}" is not a destination format (${DESTINATION_FORMATS.join(', ')})`);
    return problems;
  }
  const { required, optional } = KEYS[format];
  for (const key of required) if (!present(dest[key])) add(key, 'missing_key', `a ${format} destination needs "${key}"`);
  for (const key of Object.keys(dest) as (keyof DestinationConfig)[])
    if (dest[key] !== undefined && !required.includes(key) && !optional.includes(key) && !(COMMON as readonly string[]).includes(key))
      add(key, 'unexpected_key', `"${key}" is not used by a ${format} destination`);
  if (present(dest.endpoint) && (format === 'json' || format === 'salesforce') && !absoluteUrl(dest.endpoint!, 'https://page.invalid/'))
    add('endpoint', 'invalid_endpoint', `"${dest.endpoint}" is not an http(s) URL or a path`);
  if (format === 'hubspot' && dest.consent && !dest.consent.legitimateInterest && !present(dest.consent.text))
    add('consent.text', 'missing_key', 'HubSpot needs the consent text the visitor saw ("consent.text"), or "consent.legitimateInterest"');
  for (const key of ['baseMs', 'maxMs', 'giveUpAfterHours'] as const) {
    const n = dest.retry?.[key];
    if (n !== undefined && !(Number.isFinite(n) && n > 0)) problems.push({ path: `${path}.retry.${key}`, code: 'invalid_value', message: `retry.${key} must be a positive number` });
  }
  return problems;
}

/** `checkDestination` for each item, plus ids used twice. */
export function checkDestinations(list: readonly DestinationConfig[], path: string): DestinationProblem[] {
  const seen = new Map<string, number>();
  return list.flatMap((dest, i) => {
    const problems = checkDestination(dest, `${path}[${i}]`);
    const first = seen.get(dest.id);
    if (first !== undefined)
      problems.push({ path: `${path}[${i}].id`, code: 'duplicate_destination_id', message: `destination id "${dest.id}" is already used by ${path}[${first}]` });
    else seen.set(dest.id, i);
    return problems;
  });
}
