import type { Profile } from '../profile/profile.js';
import type { LeadScore } from '../scoring/score.js';
import type { Signals } from '../behaviour/signals.js';
import type { Touch } from '../behaviour/visitor-record.js';
import type { Answers, FieldValue, Utm } from '../model/values.js';

export type { Answers, FieldValue, Utm } from '../model/values.js';

/**
 * The lead a receiver gets: `cairn.lead/1`. Documented in docs/payload.md.
 * Extend, never rename: receivers depend on these names.
 */

export interface LeadContext {
  /** Page URL the form was submitted from. */
  page: string;
  /** document.referrer, or '' when there is none. */
  referrer: string;
  utm: Utm;
  /** BCP 47 tag of the browser, e.g. "en-GB". */
  locale: string;
  /** IANA time zone, e.g. "Europe/Berlin". */
  timezone: string;
  /** What the visitor did on the site (bounded roll-ups), the intent score's facts. Absent where nothing is tracked. */
  signals?: Signals;
  /** Visits to the site so far (a new visit after 30 minutes idle). */
  visits?: number;
  /** The visitor's first visit: where they came from (UTM, referrer) and where they landed. */
  firstTouch?: Touch;
  /** The latest visit that came from somewhere (UTM or an external referrer); else the first touch. */
  lastTouch?: Touch;
  /** The last 10 such visits, oldest first (multi-touch attribution). */
  touchpoints?: Touch[];
}

export interface LeadPayload {
  schema: 'cairn.lead/1';
  /** Idempotency key: random UUID, the same on every retry of this submission. */
  id: string;
  form: { id: string; version: string | number };
  /** ISO 8601 time of the first submit attempt. */
  submittedAt: string;
  /** This submission's answers: only fields visible at submit time, and hidden-type fields. */
  answers: Answers;
  /**
   * What is known about the visitor for this form's fields, by profile key:
   * remembered entries plus what this submission taught, each with `value`,
   * `learnedAt`, `source` { form, version?, page } and `confirmedAt` when the
   * visitor saw a remembered value and kept it. Fields skipped because they
   * were known are here, not in `answers`. Always set by Cairn (`{}` when
   * nothing is known); optional only for payloads built by hand.
   */
  profile?: Profile;
  /** The provisional fit/intent score, with every reason; recomputable from this payload with `scoreLead`. */
  score?: LeadScore;
  context: LeadContext;
  /**
   * Set (always `true`) on a partial lead (`submit.partial`): the visitor gave the listed fields
   * but left without submitting. Sent at most once per form view, never after the full lead; a
   * later full submission is a separate lead with its own `id` (match the two on the email).
   */
  partial?: true;
  /**
   * What the enrichment hook (`Cairn.mount(…, { enrich })` or `submit.enrich.url`) returned for
   * this lead, e.g. firmographics. Absent when there is no hook, or it failed or timed out.
   */
  enrichment?: Record<string, unknown>;
}

export const LEAD_SCHEMA = 'cairn.lead/1' as const;
