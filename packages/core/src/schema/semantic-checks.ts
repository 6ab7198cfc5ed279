// in the order the checks run: the bundles keep this module order, and it compresses best
import { checkLimits } from './checks/check-limits.js';
import { checkFields } from './checks/check-fields.js';
import { checkConditions } from '../conditions/check-conditions.js';
import { checkScoring } from '../scoring/check-scoring.js';
import { checkPageGroups } from '../behaviour/check-page-groups.js';
import { checkProfiling } from '../profile/check-profiling.js';
import { checkSubmit } from './checks/check-submit.js';
import { checkCrmDestinations } from './checks/check-crm.js';
import { checkFieldsExist } from './checks/rules.js';
import { checkAfter } from '../after/check-after.js';
import type { FormConfig } from './form-schema.js';
import type { Problem, ProblemCode, Report } from './problem.js';

/**
 * Rules that need the whole form, run once the structure is valid: unique ids,
 * conditions that are well formed and read answers the visitor has already
 * given, usable options, safe URLs, profiling that names real fields. Each
 * domain's check lives beside it; `ProblemFacts` (problem.ts) lists what each
 * code reports.
 *
 * Keep the order of problems at one path: `parseForm` reports them in this order.
 */
export const semanticProblems = (form: FormConfig): Problem[] => {
  const problems: Problem[] = [];
  const add: Report = (path: string, code: ProblemCode, data?: unknown) => {
    problems.push({ path, code, data } as Problem);
  };
  checkLimits(form, add);
  if (problems.length) return problems;
  const { fields, keys } = checkFields(form, add);
  const check = checkConditions(form, fields, add);
  checkScoring(form, check, add);
  checkPageGroups(form, add);
  checkProfiling(form, fields, keys, add);
  checkSubmit(form, fields, add);
  checkCrmDestinations(form, fields, keys, add);
  checkFieldsExist('analytics.fields', form.analytics?.fields, fields, add);
  checkAfter(form, fields, check, add);
  return problems;
};
