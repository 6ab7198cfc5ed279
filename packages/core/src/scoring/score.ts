import { evaluateCondition, type FactReader } from '../conditions/evaluate-condition.js';
import type { FactKind, ScoreFact } from '../schema/constants.js';
import type { RuleConfig, ScoringConfig } from '../schema/form-schema.js';
import { BASE_STAGE, SCORING_DEFAULTS } from './defaults.js';
import { explainCondition, type FactRead } from './explain-condition.js';

/**
 * The provisional score: the same inputs give the same score, to the bit, in every
 * browser and in Node (so a receiver can re-score a lead and spot a tampered one).
 *
 * - A rule's points count while its `when` holds. Intent points decay: × 0.5^(age /
 *   halfLifeDays), where age is the time since the freshest timed fact that made the
 *   rule hold (for a signal, when it last happened: `pricing.views` → the last
 *   pricing view); a rule whose facts have no time (answers, profile, email) does not decay.
 * - Every rule's points are rounded to one decimal (half up) before they are added;
 *   sums are of whole tenths, so neither rule order nor answer order can change a total.
 * - Each total is kept within 0…max (default 100): negative rules lower a total, never below 0.
 * - Grade: fit letter (A ≥ grades.fit.A, B, C, else D) + intent digit (1 ≥ grades.intent[1], 2, 3, else 4).
 * - Stage: the first of `stages` (in config order) whose least fit and intent are met, else "lead".
 * - Route: the first route whose `when` holds (it may read `score` fit, intent, grade,
 *   stage); one without `when` matches every lead; none matching: `null`.
 * - Reasons: one per rule that holds, fit then intent, each by rule id.
 */
export interface LeadScore {
  fit: number;
  intent: number;
  /** Fit letter and intent digit: `B2`. */
  grade: string;
  stage: string;
  route: string | null;
  priority: string | null;
  respondWithinMinutes: number | null;
  /** Computed by the client: a receiver should re-score (`scoreLead`) before trusting it. */
  provisional: true;
  reasons: ScoreReason[];
}

export interface ScoreReason {
  /** The rule's id. */
  rule: string;
  dimension: 'fit' | 'intent';
  /** The points it gave, after decay, rounded to one decimal. */
  points: number;
  /** The rule's `reason`, for people. */
  reason: string;
  /** The first fact that made the rule hold, `kind:key` (`field:company_size`), and its value. */
  fact: string;
  value: FactRead['value'];
  /** Every fact that made it hold, when there are several (`all`). */
  facts?: FactRead[];
}

/** What a score is computed from: facts of every kind but `score`, and when timed facts happened. */
export interface ScoreFacts {
  read: FactReader;
  /** Epoch ms of when a fact last happened (signals), for decay; `undefined`: no time, no decay. */
  timeOf?: (kind: FactKind, key: string) => number | undefined;
}

const DAY_MS = 86_400_000;

/** Whole tenths of a point. */
const tenths = (points: number) => Math.round(points * 10);

/** A reader that also answers `score` facts from `score` (`route` and `priority` once routed). */
export const withScore =
  (read: FactReader, score: Partial<Record<ScoreFact, string | number | null>>): FactReader =>
  (kind, key) =>
    kind == 'score' ? (score[key as ScoreFact] ?? undefined) : read(kind, key);

export function computeScore(scoring: ScoringConfig | undefined, facts: ScoreFacts, now: number): LeadScore {
  const config = scoring ?? {};
  const max = { ...SCORING_DEFAULTS.max, ...config.max };
  const halfLife = config.halfLifeDays ?? SCORING_DEFAULTS.halfLifeDays;
  // rules never read the score they make
  const read = withScore(facts.read, {});
  const reasons: ScoreReason[] = [];

  const total = (dimension: 'fit' | 'intent', rules: readonly RuleConfig[] = []): number => {
    let sum = 0;
    for (const rule of rules) {
      const why = explainCondition(rule.when, read);
      if (!why) continue;
      let points = rule.points;
      if (dimension == 'intent') {
        const times = why.map(({ fact }) => {
          const colon = fact.indexOf(':');
          return facts.timeOf?.(fact.slice(0, colon) as FactKind, fact.slice(colon + 1));
        });
        const at = Math.max(...times.filter((t): t is number => t !== undefined));
        if (at > -Infinity && halfLife > 0) points *= 0.5 ** (Math.max(0, now - at) / DAY_MS / halfLife);
      }
      const t = tenths(points);
      sum += t;
      reasons.push({ rule: rule.id, dimension, points: t / 10, reason: rule.reason, ...why[0]!, ...(why.length > 1 ? { facts: why } : {}) });
    }
    return Math.min(Math.max(sum, 0), tenths(max[dimension])) / 10;
  };

  const fit = total('fit', config.fit);
  const intent = total('intent', config.intent);
  const grades = config.grades ?? {};
  const g = <K extends string>(value: number, levels: Record<K, number>, order: readonly K[], below: string) =>
    order.find((level) => value >= levels[level]) ?? below;
  const grade =
    g(fit, { ...SCORING_DEFAULTS.grades.fit, ...grades.fit }, ['A', 'B', 'C'], 'D') +
    g(intent, { ...SCORING_DEFAULTS.grades.intent, ...grades.intent }, ['1', '2', '3'], '4');

  const stages = config.stages ?? SCORING_DEFAULTS.stages;
  const stage =
    Object.keys(stages).find((name) => {
      const s = stages[name]!;
      return fit >= (s.fit ?? -Infinity) && intent >= (s.intent ?? -Infinity);
    }) ?? BASE_STAGE;

  const scored = withScore(facts.read, { fit, intent, grade, stage });
  const route = config.routes?.find((r) => !r.when || evaluateCondition(r.when, scored));

  reasons.sort((a, b) => (a.dimension == b.dimension ? (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) : a.dimension == 'fit' ? -1 : 1));
  return {
    fit,
    intent,
    grade,
    stage,
    route: route?.route ?? null,
    priority: route?.priority ?? null,
    respondWithinMinutes: route?.respondWithinMinutes ?? null,
    provisional: true,
    reasons,
  };
}
