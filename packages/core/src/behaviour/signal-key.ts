/**
 * The names of behaviour signals and how a condition's `signal` key reads them.
 *
 * A key is `<subject>.<metric>`:
 * - `pages.views|first|last` — every page view;
 * - `visits.count|first|last` — visits (a new one after 30 minutes idle);
 * - `<group>.views|first|last` — views of a page group of `signals.pages` (`pricing.views`);
 * - `<event>.count|first|last` — `data-cairn-signal` clicks and `Cairn.track(name)` (`whitepaper-download.count`);
 * - `forms.<form id>.starts|abandons|submits|last` — interactions with a Cairn form.
 *
 * `first` and `last` read as days since then (two decimals); the others are counts.
 * Names are case-insensitive: recorded and read lower-cased. `<group>.first/last` read the
 * group when the name is a page group, else the event of that name.
 */

/** Metrics by subject. */
export const SIGNAL_METRICS = {
  pages: ['views', 'first', 'last'],
  visits: ['count', 'first', 'last'],
  group: ['views', 'first', 'last'],
  event: ['count', 'first', 'last'],
  form: ['starts', 'abandons', 'submits', 'last'],
} as const;

export type SignalSubject = keyof typeof SIGNAL_METRICS;

/** Names taken by built-in subjects: never a page group or an event. */
export const RESERVED_SIGNAL_NAMES: readonly string[] = ['pages', 'visits', 'forms'];

/** The longest group or event name kept; longer ones are cut. */
export const MAX_SIGNAL_NAME = 40;

/** A signal name as recorded: lower-case letters, digits, `_` and `-` (other runs become `-`), at most 40 characters. */
export const signalName = (raw: string): string =>
  raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SIGNAL_NAME);

export interface SignalKey {
  subject: SignalSubject;
  /** The group, event or form id (empty for `pages` and `visits`). */
  name: string;
  metric: string;
}

/**
 * Splits a key into what it reads, or `undefined` when it is not of the form above or its
 * metric does not belong to its subject. `isGroup(name)` says whether a name is a page group.
 */
export const parseSignalKey = (key: string, isGroup: (name: string) => boolean): SignalKey | undefined => {
  const dot = key.lastIndexOf('.');
  const head = key.slice(0, dot);
  const metric = key.slice(dot + 1);
  let subject: SignalSubject;
  let name = '';
  if (head.startsWith('forms.')) {
    subject = 'form';
    name = head.slice(6);
    if (!name) return undefined;
  } else if (head == 'pages' || head == 'visits') subject = head;
  else {
    name = head.toLowerCase();
    if (dot < 1 || signalName(name) != name || RESERVED_SIGNAL_NAMES.includes(name)) return undefined;
    subject = metric == 'views' || (metric != 'count' && isGroup(name)) ? 'group' : 'event';
  }
  return (SIGNAL_METRICS[subject] as readonly string[]).includes(metric) ? { subject, name, metric } : undefined;
};
