import type { CheckCondition } from '../conditions/check-conditions.js';
import { formatPath } from '../schema/config-error.js';
import { checkPlainName, checkPositive, recordKeys } from '../schema/checks/rules.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { Report } from '../schema/problem.js';
import { SCORING_DEFAULTS } from './defaults.js';

/**
 * `scoring`: rule ids unique across fit and intent, the conditions of rules and routes
 * (read after every step), numbers above 0, grades that rise, stage names, competitor domains.
 */
export const checkScoring = (form: FormConfig, check: CheckCondition, add: Report): void => {
  const scoring = form.scoring;
  if (!scoring) return;
  const end = form.steps.length;
  const ruleIds = new Map<string, string>();
  (['fit', 'intent'] as const).forEach((dimension) =>
    scoring[dimension]?.forEach((rule, k) => {
      const path = `scoring.${dimension}[${k}]`;
      const first = ruleIds.get(rule.id);
      if (first) add(`${path}.id`, 'duplicate_rule_id', { id: rule.id, at: first });
      else ruleIds.set(rule.id, path);
      check(rule.when, `${path}.when`, end, undefined, 'rule');
    }),
  );
  checkPositive('scoring.max.fit', scoring.max?.fit, add);
  checkPositive('scoring.max.intent', scoring.max?.intent, add);
  checkPositive('scoring.halfLifeDays', scoring.halfLifeDays, add);
  const grades = scoring.grades ?? {};
  for (const [dimension, levels] of [
    ['fit', ['A', 'B', 'C']],
    ['intent', ['1', '2', '3']],
  ] as const) {
    const given = (grades[dimension] ?? {}) as Record<string, number | undefined>;
    const value = (level: string) => given[level] ?? (SCORING_DEFAULTS.grades[dimension] as Record<string, number>)[level]!;
    // each grade needs at most the points of the one above it; reported where a given number is
    levels.forEach((level, k) => {
      const above = levels[k - 1];
      if (above && (given[level] ?? given[above]) !== undefined && value(level) > value(above)) {
        add(formatPath(['scoring', 'grades', dimension, given[level] !== undefined ? level : above]), 'invalid_range', {
          keys: [level, above],
          min: value(level),
          max: value(above),
        });
      }
    });
  }
  for (const name of recordKeys(scoring.stages ?? {})) checkPlainName(formatPath(['scoring', 'stages', name]), name, /^[A-Za-z_][A-Za-z0-9_.-]*$/, add);
  scoring.routes?.forEach((route, k) => {
    if (route.when) check(route.when, `scoring.routes[${k}].when`, end, undefined, 'route');
    checkPositive(`scoring.routes[${k}].respondWithinMinutes`, route.respondWithinMinutes, add);
  });
  scoring.competitors?.forEach((domain, k) => {
    if (!/^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(domain)) add(`scoring.competitors[${k}]`, 'invalid_domain', { value: domain });
  });
};
