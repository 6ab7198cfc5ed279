/** `@cairn/core/conditions` — the JSON condition language: evaluation, the facts a condition reads, the visibility engine. */
export { evaluateCondition, conditionFacts } from '../conditions/evaluate-condition.js';
export type { FactReader } from '../conditions/evaluate-condition.js';
export { createVisibility } from '../conditions/visibility.js';
export type { Visibility } from '../conditions/visibility.js';
