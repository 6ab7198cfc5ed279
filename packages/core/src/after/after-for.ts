import type { FormConfig } from '../schema/form-schema.js';
import { toSignals } from '../behaviour/to-signals.js';
import { chooseAfter, type AfterChoice } from './choose-after.js';
import { leadFacts } from '../scoring/lead-facts.js';
import type { ScorableLead } from '../scoring/score-lead.js';
import { computeScore, withScore, type LeadScore } from '../scoring/score.js';

/**
 * What the visitor sees after submitting this lead: the first `after` rule that holds, with
 * the lead's facts and its score (so `{ "score": "stage", "equals": "mql" }` can offer a
 * booking link to qualified leads only). Computed at the lead's `submittedAt`, like `scoreLead`.
 */
export function afterFor(form: FormConfig, lead: ScorableLead & { score?: LeadScore }): AfterChoice | undefined {
  if (!form.after) return undefined;
  const submitted = Date.parse(lead.submittedAt ?? '');
  const now = Number.isNaN(submitted) ? Date.now() : submitted;
  const facts = leadFacts(form, { answers: lead.answers, profile: lead.profile, signals: toSignals(lead.context?.signals) }, now);
  // The lead's own score when it has one (`withLeadScore` computed it from these facts at the same time): not computed twice.
  return chooseAfter(form.after, withScore(facts.read, lead.score ?? computeScore(form.scoring, facts, now)));
}
