/**
 * What Cairn knows about a visitor's behaviour on this site: roll-ups (counts and
 * first/last times), never a log, so the record stays small however long the visitor
 * stays — it is stored beside the profile and travels in every lead
 * (`context.signals`), where a receiver can re-score from it.
 *
 * Plain JSON: times are epoch milliseconds. Records are never mutated: the
 * `record*` functions return a new one.
 */

/** How often, and when first and last. */
export interface Tally {
  /** How many times (views of a page group, occurrences of an event). */
  n: number;
  /** Epoch ms of the first and the last time. */
  first: number;
  last: number;
}

export interface FormTally {
  starts: number;
  abandons: number;
  submits: number;
  /** Epoch ms of the last interaction. */
  last: number;
}

export interface Signals {
  /** The record's format. */
  v: 1;
  /** Every page view. */
  pages: Tally;
  /** Visits: `n` visits; `last` is the last activity (a view, an event, a form interaction). */
  visits: Tally;
  /** Page group (of `signals.pages`) → its views. At most `MAX_GROUPS`, the least recent evicted. */
  groups: Record<string, Tally>;
  /** Event name → its occurrences. At most `MAX_EVENTS`, the least recent evicted. */
  events: Record<string, Tally>;
  /** Form id → interactions. At most `MAX_FORMS`, the least recent evicted. */
  forms: Record<string, FormTally>;
  /** The last distinct paths viewed, most recent last; at most `MAX_PATHS`, each at most `MAX_PATH` characters. */
  paths: string[];
}

/** A new visit starts after this long without activity (as web analytics count sessions). */
export const VISIT_IDLE_MS = 30 * 60 * 1000;
export const MAX_EVENTS = 50;
export const MAX_GROUPS = 30;
export const MAX_FORMS = 20;
export const MAX_PATHS = 10;
export const MAX_PATH = 120;

/** A record with nothing in it. */
export const emptySignals = (): Signals => ({
  v: 1,
  pages: { n: 0, first: 0, last: 0 },
  visits: { n: 0, first: 0, last: 0 },
  groups: {},
  events: {},
  forms: {},
  paths: [],
});
