import type { DestinationConfig } from './destination.js';

/** The `submit` config, old and new forms. */
export interface SubmitTargets {
  endpoint?: string;
  format?: string;
  headers?: Record<string, string>;
  destinations?: readonly DestinationConfig[];
}

/**
 * The destinations a form delivers to. `submit.destinations` when given;
 * otherwise the single-destination form `{ endpoint, format?, headers? }`
 * becomes one json destination with id 'default', so existing configs keep
 * working exactly as before (they were always POSTed as JSON, whatever their
 * `format` said: the old form has no place for a portal id or an org id).
 */
export function destinationsOf(submit: SubmitTargets | undefined): DestinationConfig[] {
  if (!submit) return [];
  if (submit.destinations?.length) return [...submit.destinations];
  if (!submit.endpoint) return [];
  const single: DestinationConfig = { id: 'default', format: 'json', endpoint: submit.endpoint };
  if (submit.headers) single.headers = submit.headers;
  return [single];
}
