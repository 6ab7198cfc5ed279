import { parseSignalKey, signalName } from '../behaviour/signal-key.js';
import type { FieldsById } from '../schema/checks/check-fields.js';
import { recordKeys } from '../schema/checks/rules.js';
import { COMPARISON_OPERATORS, EMAIL_CLASSES, EMAIL_FACTS, FACT_KINDS, SCORE_FACTS } from '../schema/constants.js';
import type { Condition, FormConfig } from '../schema/form-schema.js';
import type { Report } from '../schema/problem.js';
import { checkCycles } from './check-cycles.js';

/**
 * Checks a condition tree read at step `step` (the number of steps: after every step);
 * `self` is the field it belongs to (none for a step's condition); `reader` marks a
 * scoring rule's or a route's condition.
 */
export type CheckCondition = (c: Condition, path: string, step: number, self?: string, reader?: 'rule' | 'route') => void;

const EMAIL_WORDS: readonly string[] = [...EMAIL_FACTS, ...EMAIL_CLASSES];

/**
 * The conditions of steps and fields: each well formed, reading facts that exist and
 * answers the visitor has already given, none in a cycle. Returns the same check for
 * the conditions read after every step (scoring, routes, `after`).
 */
export const checkConditions = (form: FormConfig, fields: FieldsById, add: Report): CheckCondition => {
  /** Field id → the same-step fields its condition reads. */
  const dependsOn = new Map<string, string[]>();
  const pageGroups = recordKeys(form.signals?.pages ?? {});
  const isGroup = (name: string) => pageGroups.some((g) => signalName(g) === name);

  const check: CheckCondition = (c, path, step, self, reader) => {
    const facts = FACT_KINDS.filter((k) => c[k] !== undefined);
    const ops = COMPARISON_OPERATORS.filter((k) => c[k] !== undefined);
    const groups = (['all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
    // { "email": "free" }: a class alone, no operator
    const short = c.email !== undefined && !(EMAIL_FACTS as readonly string[]).includes(c.email) ? 1 : 0;
    if (facts.length + groups.length !== 1 || ops.length !== facts.length - short) {
      add(path, 'invalid_condition', { keys: [...facts, ...ops, ...groups], ...(short && ops.length ? { value: c.email } : {}) });
    }
    for (const g of ['all', 'any'] as const) {
      c[g]?.forEach((sub, k) => check(sub, `${path}.${g}[${k}]`, step, self, reader));
      if (c[g]?.length === 0) add(`${path}.${g}`, 'invalid_condition', { empty: g });
    }
    if (c.not) check(c.not, `${path}.not`, step, self, reader);

    const signal = c.signal;
    if (signal !== undefined) {
      const key = parseSignalKey(signal, isGroup);
      if (!key || (key.subject === 'group' && !isGroup(key.name))) {
        add(`${path}.signal`, 'invalid_fact', { type: 'signal', id: signal, values: key ? pageGroups : undefined });
      }
    }
    const email = c.email;
    if (email !== undefined && !EMAIL_WORDS.includes(email)) add(`${path}.email`, 'invalid_fact', { type: 'email', id: email, values: EMAIL_WORDS });
    const score = c.score;
    if (score !== undefined && !SCORE_FACTS.includes(score)) add(`${path}.score`, 'invalid_fact', { type: 'score', id: score, values: SCORE_FACTS });
    // rules make the score; routes make `route` and `priority`
    else if (score !== undefined && (reader === 'rule' || (reader === 'route' && (score === 'route' || score === 'priority')))) {
      add(`${path}.score`, 'invalid_fact', { type: 'score', id: score, at: reader });
    }

    const id = c.field;
    if (id === undefined) return;
    const target = fields.get(id);
    const at = `${path}.field`;
    if (!target) return add(at, 'unknown_field', { id, ids: [...fields.keys()] });
    if (id === self) add(at, 'self_reference', { id });
    // a step's condition is decided before its fields are asked; a field's, while its step is shown
    else if (target.step > step || (target.step === step && !self)) {
      add(at, 'forward_reference', { id, later: target.step > step, at: target.path });
    } else if (self && target.step === step) dependsOn.set(self, [...(dependsOn.get(self) ?? []), id]);

    // a compared value that is not an option never matches
    const values = target.values;
    if (values?.length) {
      for (const op of ['equals', 'notEquals', 'contains', 'in', 'notIn'] as const) {
        const v = c[op];
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).forEach((x, k) => {
          if (!values.includes(x as string)) add(`${path}.${op}${Array.isArray(v) ? `[${k}]` : ''}`, 'unknown_option_value', { id, value: x, values });
        });
      }
    }
  };
  form.steps.forEach((step, i) => {
    if (step.when) check(step.when, `steps[${i}].when`, i);
    step.fields.forEach((f, j) => f.when && check(f.when, `steps[${i}].fields[${j}].when`, i, f.id));
  });
  checkCycles(dependsOn, fields, add);
  return check;
};
