/**
 * What scoring does where the config says nothing — chosen so a marketer who only
 * writes rules gets scores on a 0–100 scale, grades in quarters, and "MQL" for B2
 * or better (fit ≥ 50 and intent ≥ 50).
 */
export const SCORING_DEFAULTS = {
  /** Each dimension's total is kept within 0…max. */
  max: { fit: 100, intent: 100 },
  /** Intent points halve every 30 days since the signal they read. */
  halfLifeDays: 30,
  grades: {
    fit: { A: 75, B: 50, C: 25 },
    intent: { 1: 75, 2: 50, 3: 25 },
  },
  /** Used when `stages` is absent; `stages: {}` makes every lead a "lead". */
  stages: { mql: { fit: 50, intent: 50 } } as Record<string, { fit?: number; intent?: number }>,
} as const;

/** The stage of a lead that meets no stage's thresholds. */
export const BASE_STAGE = 'lead';
