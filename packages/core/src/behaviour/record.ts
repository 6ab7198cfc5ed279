import { matchPath } from './match-path.js';
import { RESERVED_SIGNAL_NAMES, signalName } from './signal-key.js';
import {
  MAX_EVENTS,
  MAX_FORMS,
  MAX_GROUPS,
  MAX_PATH,
  MAX_PATHS,
  VISIT_IDLE_MS,
  type FormTally,
  type Signals,
  type Tally,
} from './signals.js';

/**
 * Roll-ups, one per kind of activity. Each returns a new record (the input is
 * never changed) and ignores what it cannot record (a time that is not a
 * number, an empty name) by returning the input itself. Times may arrive out
 * of order (two tabs): counts still add up, first/last stay the earliest and
 * latest, and only activity 30 minutes after the latest starts a visit.
 */

/** Page group → path glob: `signals.pages` of a form config. */
export type PageGroups = Readonly<Record<string, string>>;

const MAX_FORM_ID = 64;

const tally = (t: Tally | undefined, at: number): Tally =>
  t ? { n: t.n + 1, first: Math.min(t.first, at), last: Math.max(t.last, at) } : { n: 1, first: at, last: at };

/** Any activity keeps the visit alive; after 30 idle minutes (or the first time) it starts one. */
const touch = (s: Signals, at: number): Tally => {
  const v = s.visits;
  // the first visit starts a tally (an empty one has `first: 0`, which would date it to 1970)
  return !v.n || at - v.last >= VISIT_IDLE_MS ? tally(v.n ? v : undefined, at) : { ...v, last: Math.max(v.last, at) };
};

/** `map` with `key` set to `value`; past `max` entries, the least recent other entry goes (ties: the first by name). */
const put = <T extends { last: number }>(map: Record<string, T>, key: string, value: T, max: number): Record<string, T> => {
  const next = { ...map, [key]: value };
  const keys = Object.keys(next).filter((k) => k != key);
  if (keys.length >= max) {
    const oldest = keys.reduce((a, b) => (next[b]!.last < next[a]!.last || (next[b]!.last == next[a]!.last && b < a) ? b : a));
    delete next[oldest];
  }
  return next;
};

/** `map[key]` when it is the record's own: a name like `constructor` must not read Object.prototype's. */
const own = <T>(map: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

const usable = (at: unknown): at is number => typeof at == 'number' && Number.isFinite(at);

/**
 * A page view: counts it, in every page group whose glob matches `path` (the URL's
 * path; a query or hash is dropped), and remembers the path among the last ones.
 */
export const recordPageView = (signals: Signals, view: { path: string; at: number }, pages: PageGroups = {}): Signals => {
  const { at } = view;
  if (!usable(at) || typeof view.path != 'string') return signals;
  const path = view.path.replace(/[?#].*/s, '').slice(0, MAX_PATH) || '/';
  let groups = signals.groups;
  for (const group of Object.keys(pages)) {
    const name = signalName(group);
    if (name && !RESERVED_SIGNAL_NAMES.includes(name) && matchPath(pages[group]!, path)) groups = put(groups, name, tally(own(groups, name), at), MAX_GROUPS);
  }
  return {
    ...signals,
    visits: touch(signals, at),
    pages: tally(signals.pages.n ? signals.pages : undefined, at),
    groups,
    paths: [...signals.paths.filter((p) => p != path), path].slice(-MAX_PATHS),
  };
};

/** An event: a click on a `data-cairn-signal` element or `Cairn.track(name)`. Names are case-insensitive (`signalName`). */
export const recordEvent = (signals: Signals, rawName: string, at: number): Signals => {
  const name = typeof rawName == 'string' ? signalName(rawName) : '';
  // `__proto__` is not kept: a stored record read back (toSignals) drops it
  if (!usable(at) || !name || name == '__proto__' || RESERVED_SIGNAL_NAMES.includes(name)) return signals;
  return { ...signals, visits: touch(signals, at), events: put(signals.events, name, tally(own(signals.events, name), at), MAX_EVENTS) };
};

const recordForm = (what: 'starts' | 'abandons' | 'submits') => (signals: Signals, formId: string, at: number): Signals => {
  if (!usable(at) || typeof formId != 'string' || !formId) return signals;
  const id = formId.slice(0, MAX_FORM_ID);
  const t: FormTally = own(signals.forms, id) ?? { starts: 0, abandons: 0, submits: 0, last: at };
  const next = { ...t, [what]: t[what] + 1, last: Math.max(t.last, at) };
  return { ...signals, visits: touch(signals, at), forms: put(signals.forms, id, next, MAX_FORMS) };
};

/** The visitor started filling in form `formId` (their first answer). */
export const recordFormStart = recordForm('starts');
/** The visitor left form `formId` started but not submitted. */
export const recordFormAbandon = recordForm('abandons');
/** The visitor submitted form `formId`. */
export const recordFormSubmit = recordForm('submits');
