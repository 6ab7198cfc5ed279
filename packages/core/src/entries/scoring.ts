/**
 * `@cairn/core/scoring` — the pieces `scoreLead` is made of (facts, email classes, the score and
 * its reasons), the live score a page keeps, and the after-submit rules a score chooses.
 */
export { computeScore, withScore } from '../scoring/score.js';
export type { FactRead } from '../scoring/explain-condition.js';
export { leadFacts, emailFact } from '../scoring/lead-facts.js';
export type { LeadFactsInput } from '../scoring/lead-facts.js';
export { classifyEmail, registrableDomain } from '../scoring/email-domain.js';
export type { EmailFacts } from '../scoring/email-domain.js';
export { SCORING_DEFAULTS } from '../scoring/defaults.js';
export { scoreLive, withLeadScore } from '../scoring/live-score.js';
export type { LiveScoreOptions } from '../scoring/live-score.js';
export { chooseAfter } from '../after/choose-after.js';
export type { AfterChoice } from '../after/choose-after.js';
export { afterFor } from '../after/after-for.js';
