import type { FieldValue } from '../model/values.js';
import type { Profile } from '../profile/profile.js';
import type { FormConfig } from '../schema/form-schema.js';
import { toSignals } from '../behaviour/to-signals.js';
import { leadFacts } from './lead-facts.js';
import { computeScore, type LeadScore } from './score.js';

/** The parts of a received lead (`cairn.lead/1` payload) the score is made from. */
export interface ScorableLead {
  answers?: Readonly<Record<string, FieldValue>>;
  profile?: Profile;
  context?: { signals?: unknown };
  /** ISO 8601; the time the score is computed at unless `options.now` says otherwise. */
  submittedAt?: string;
}

/**
 * Scores a lead from its payload alone — answers, profile and `context.signals` —
 * with the form's `scoring` config, in Node or a browser (no DOM). Re-scoring a
 * received payload this way gives the client's score exactly, unless someone
 * changed it. `now` defaults to `submittedAt` (so the score is that of the
 * moment of submission), else the current time.
 */
export function scoreLead(form: FormConfig, lead: ScorableLead, options: { now?: number } = {}): LeadScore {
  const submitted = Date.parse(lead.submittedAt ?? '');
  const now = options.now ?? (Number.isNaN(submitted) ? Date.now() : submitted);
  const facts = leadFacts(form, { answers: lead.answers, profile: lead.profile, signals: toSignals(lead.context?.signals) }, now);
  return computeScore(form.scoring, facts, now);
}
