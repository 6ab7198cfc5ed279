import { RESERVED_SIGNAL_NAMES } from '../../behaviour/signal-key.js';
import type { Report } from '../problem.js';
import type { FieldsById } from './check-fields.js';

/** The keys of a config record: like zod's records (and checkShape), never `__proto__`, as parseForm's copy has no such key. */
export const recordKeys = (record: object): string[] => Object.keys(record).filter((k) => k !== '__proto__');

/** A count or a duration that must be above 0, when given. */
export const checkPositive = (path: string, value: number | undefined, add: Report): void => {
  if (value !== undefined && !(value > 0)) add(path, 'invalid_range', { value, min: 0, positive: true });
};

/** A plain name (a stage, a page group: `pricing`, `sales_qualified`), never one a built-in signal has. */
export const checkPlainName = (path: string, name: string, pattern: RegExp, add: Report): void => {
  if (!pattern.test(name) || RESERVED_SIGNAL_NAMES.includes(name.toLowerCase())) add(path, 'invalid_id', { id: name });
};

/** Field ids in `list` (at `path`) that no field has. */
export const checkFieldsExist = (path: string, list: readonly string[] | undefined, fields: FieldsById, add: Report): void =>
  list?.forEach((id, k) => fields.has(id) || add(`${path}[${k}]`, 'unknown_field', { id, ids: [...fields.keys()] }));
