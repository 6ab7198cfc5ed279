import { RESERVED_SIGNAL_NAMES, signalName } from './signal-key.js';
import { emptySignals, MAX_EVENTS, MAX_FORMS, MAX_GROUPS, MAX_PATH, MAX_PATHS, type FormTally, type Signals, type Tally } from './signals.js';

/**
 * A well-formed, bounded record from anything: what storage held, or what a
 * receiver found in a lead's `context.signals` (not to be trusted). Entries
 * that are not well formed are dropped; maps over their cap keep the most
 * recent. Never throws.
 */
export const toSignals = (value: unknown): Signals => {
  const s = emptySignals();
  if (!isObject(value)) return s;
  s.pages = tally(value.pages) ?? s.pages;
  s.visits = tally(value.visits) ?? s.visits;
  s.groups = map(value.groups, tally, MAX_GROUPS, true);
  s.events = map(value.events, tally, MAX_EVENTS, true);
  s.forms = map(value.forms, formTally, MAX_FORMS, false);
  if (Array.isArray(value.paths)) s.paths = value.paths.filter((p): p is string => typeof p == 'string' && p.length <= MAX_PATH).slice(-MAX_PATHS);
  return s;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const time = (v: unknown): v is number => typeof v == 'number' && Number.isFinite(v);

const tally = (v: unknown): Tally | undefined =>
  isObject(v) && count(v.n) && time(v.first) && time(v.last) ? { n: v.n, first: v.first, last: v.last } : undefined;

const formTally = (v: unknown): FormTally | undefined =>
  isObject(v) && count(v.starts) && count(v.abandons) && count(v.submits) && time(v.last)
    ? { starts: v.starts, abandons: v.abandons, submits: v.submits, last: v.last }
    : undefined;

const map = <T extends { last: number }>(v: unknown, read: (x: unknown) => T | undefined, max: number, names: boolean): Record<string, T> => {
  const entries: [string, T][] = [];
  if (isObject(v)) {
    for (const key of Object.keys(v)) {
      const t = read(v[key]);
      if (t && key != '__proto__' && (!names || (signalName(key) == key && !RESERVED_SIGNAL_NAMES.includes(key)))) entries.push([key, t]);
    }
  }
  // the most recent first (ties by name), as the recorders evict
  entries.sort(([a, x], [b, y]) => y.last - x.last || (a < b ? -1 : 1));
  return Object.fromEntries(entries.slice(0, max));
};
