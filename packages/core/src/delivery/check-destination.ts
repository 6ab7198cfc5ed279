import { DESTINATION_FORMATS, type DestinationConfig, type DestinationFormat } from './destination.js';

/** A destination config problem, as a value: where (JS notation), which rule, and words for the marketer. */
export interface DestinationProblem {
  path: string;
  code: 'missing_key' | 'unexpected_key' | 'invalid_value' | 'invalid_endpoint' | 'duplicate_destination_id';
  message: string;
  /** The facts behind `message`, for callers that word it themselves (the form config's checks). */
  data: {
    /** The destination's format (absent when the format itself is the problem). */
    format?: string;
    /** The key that is missing, misplaced or wrong (`consent.text`, `retry.baseMs`). */
    key?: string;
    value?: unknown;
    /** duplicate_destination_id: where the id is first used. */
    at?: string;
  };
}

/** An http(s) URL, or a path: `/…`, `./…`, `../…` (resolved against the page). The form's `submit.endpoint` rule too. */
export const isEndpoint = (s: string): boolean => /^https?:\/\/[^\s/?#]+\S*$/i.test(s) || /^\.{0,2}\/\S*$/.test(s);

const COMMON = ['id', 'format', 'retry', 'timeoutMs'] as const;
/** Per format: the keys it needs, and the keys it may have. */
const KEYS: Record<DestinationFormat, { required: readonly (keyof DestinationConfig)[]; optional: readonly (keyof DestinationConfig)[] }> = {
  json: { required: ['endpoint'], optional: ['headers'] },
  hubspot: { required: ['portalId', 'formGuid'], optional: ['fields', 'consent', 'partial'] },
  salesforce: { required: ['oid'], optional: ['endpoint', 'fields', 'leadSource', 'retURL', 'partial'] },
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
  const format = dest.format;
  const add = (key: string, code: DestinationProblem['code'], message: string, value?: unknown) =>
    problems.push({ path: `${path}.${key}`, code, message, data: value === undefined ? { format, key } : { format, key, value } });
  if (!(DESTINATION_FORMATS as readonly string[]).includes(format)) {
    problems.push({
      path: `${path}.format`,
      code: 'invalid_value',
      message: `"${String(format)}" is not a destination format (${DESTINATION_FORMATS.join(', ')})`,
      data: { key: 'format', value: format },
    });
    return problems;
  }
  const { required, optional } = KEYS[format];
  for (const key of required) if (!present(dest[key])) add(key, 'missing_key', `a ${format} destination needs "${key}"`);
  for (const key of Object.keys(dest) as (keyof DestinationConfig)[])
    if (dest[key] !== undefined && !required.includes(key) && !optional.includes(key) && !(COMMON as readonly string[]).includes(key))
      add(key, 'unexpected_key', `"${key}" is not used by a ${format} destination`);
  if (present(dest.endpoint) && (format === 'json' || format === 'salesforce') && !isEndpoint(dest.endpoint!))
    add('endpoint', 'invalid_endpoint', `"${dest.endpoint}" is not an http(s) URL or a path`, dest.endpoint);
  if (format === 'hubspot' && dest.consent && !dest.consent.legitimateInterest && !present(dest.consent.text))
    add('consent.text', 'missing_key', 'HubSpot needs the consent text the visitor saw ("consent.text"), or "consent.legitimateInterest"');
  const positive = (key: string, n: number | undefined) => {
    if (n !== undefined && !(Number.isFinite(n) && n > 0)) add(key, 'invalid_value', `${key} must be a positive number`, n);
  };
  for (const key of ['baseMs', 'maxMs', 'giveUpAfterHours'] as const) positive(`retry.${key}`, dest.retry?.[key]);
  positive('timeoutMs', dest.timeoutMs);
  return problems;
}

/** `checkDestination` for each item, plus ids used twice. */
export function checkDestinations(list: readonly DestinationConfig[], path: string): DestinationProblem[] {
  const seen = new Map<string, number>();
  return list.flatMap((dest, i) => {
    const problems = checkDestination(dest, `${path}[${i}]`);
    const first = seen.get(dest.id);
    if (first !== undefined)
      problems.push({
        path: `${path}[${i}].id`,
        code: 'duplicate_destination_id',
        message: `destination id "${dest.id}" is already used by ${path}[${first}]`,
        data: { key: 'id', value: dest.id, at: `${path}[${first}]` },
      });
    else seen.set(dest.id, i);
    return problems;
  });
}
