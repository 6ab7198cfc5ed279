import { formatPath, type ConfigErrorCode, type Problem, type ProblemData } from './config-error.js';
import { CHOICE_TYPES, COMPARISON_OPERATORS, FACT_KINDS } from './constants.js';
import type { Condition, FormConfig } from './form-schema.js';
import { normalizeOptions } from './options.js';

/**
 * Rules that need the whole form, run once the structure is valid: unique
 * ids, conditions that are well formed and read answers the visitor has
 * already given, usable options, safe URLs, profiling that names real fields.
 *
 * Profiling problems reuse the general codes: `unknown_field` (an id in
 * `pool`/`alwaysAsk`/`urlPrefill`/`refreshAfterDays`, or a `migrate` target
 * that is no field's profile key — then with `values`, not `ids`),
 * `duplicate_field_id` (an id listed twice across `pool` and `alwaysAsk`),
 * `invalid_range` (with `value` and `min`: `maxNewFields` a whole number ≥ 1,
 * days > 0), `invalid` (with `at`: one profile key on fields of different
 * types). `consent: 'required'` needs no consent field: `Cairn.consent(true)`
 * from the site's own banner grants it too.
 *
 * Problems are values (`path`, `code`, and the `data` a message needs), never
 * words: this runs in the script-tag bundle (`checkForm`), and the wording
 * lives in `problem-messages.ts`, which only `parseForm` loads. Keep the order
 * of problems at one path: `parseForm` reports them in this order.
 */

const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

export const semanticProblems = (form: FormConfig): Problem[] => {
  const problems: Problem[] = [];
  const add = (path: string, code: ConfigErrorCode, data?: ProblemData) => {
    problems.push({ path, code, data });
  };
  /** Field id → its step index, path, type and option values (the first field, if an id is used twice). */
  const fields = new Map<string, { step: number; path: string; type: string; values?: string[] }>();
  /** Profile key → the first field with it. */
  const keys = new Map<string, { path: string; type: string }>();
  const stepIds = new Map<string, string>();
  /** Field id → ids of same-step fields its condition reads, for cycles. */
  const deps = new Map<string, string[]>();

  const unique = (seen: Map<string, unknown>, id: string, path: string, code: ConfigErrorCode) => {
    const first = seen.get(id) as { path?: string } | string | undefined;
    if (first) add(`${path}.id`, code, { id, at: typeof first === 'string' ? first : first.path });
    return !first;
  };

  form.steps.forEach((step, i) => {
    const stepPath = `steps[${i}]`;
    if (unique(stepIds, step.id, stepPath, 'duplicate_step_id')) stepIds.set(step.id, stepPath);

    step.fields.forEach((f, j) => {
      const where = `${stepPath}.fields[${j}]`;
      const at = (key: string) => `${where}.${key}`;
      const { type, options, min, max, pattern } = f;
      const d = f.default;
      const choice = CHOICE_TYPES.includes(type);
      const values = normalizeOptions(options).map((o) => o.value);
      if (unique(fields, f.id, where, 'duplicate_field_id')) {
        fields.set(f.id, { step: i, path: where, type, values: choice ? values : undefined });
        const key = f.profile ?? f.id;
        const first = keys.get(key);
        // one remembered answer, two shapes: a select's value prefilling a number field
        if (first && first.type !== type) add(at(f.profile === undefined ? 'id' : 'profile'), 'invalid', { id: key, type, at: first.path, value: first.type });
        if (!first) keys.set(key, { path: where, type });
      }

      if (type !== 'hidden' && !f.label?.trim()) add(f.label === undefined ? where : at('label'), 'missing_label', { type });

      if (choice && !values.length) add(at('options'), 'missing_options', { type });
      if (!choice && options) add(at('options'), 'unexpected_options', { type });
      values.forEach((v, k) => {
        if (values.indexOf(v) < k) add(at(`options[${k}]`), 'duplicate_option', { value: v, at: values.indexOf(v) });
      });

      if (choice && d !== undefined && values.length) {
        if (Array.isArray(d) !== (type === 'checkboxes')) {
          // the wrong shape: { type } alone
          add(at('default'), 'invalid_default', { type });
        } else {
          ([] as unknown[]).concat(d).forEach((v, k) => {
            if (!values.includes(v as string)) add(at(Array.isArray(d) ? `default[${k}]` : 'default'), 'invalid_default', { value: v, values });
          });
        }
      }
      // ticked in advance: { type: 'consent', value: true }
      if (type === 'consent' && d === true) add(at('default'), 'invalid_default', { type, value: d });

      if (min! > max!) add(at('min'), 'invalid_range', { min, max });
      if (pattern !== undefined) {
        try {
          new RegExp(pattern);
        } catch (e) {
          add(at('pattern'), 'invalid_pattern', { value: pattern, reason: String((e as Error).message) });
        }
      }
    });
  });

  /** Checks a condition tree of step `step`; `self` is the field it belongs to (none for a step's condition). */
  const check = (c: Condition, path: string, step: number, self?: string): void => {
    const facts = FACT_KINDS.filter((k) => c[k] !== undefined);
    const ops = COMPARISON_OPERATORS.filter((k) => c[k] !== undefined);
    const groups = (['all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
    if (facts.length + groups.length !== 1 || ops.length !== facts.length) add(path, 'invalid_condition', { keys: [...facts, ...ops, ...groups] });
    for (const g of ['all', 'any'] as const) {
      c[g]?.forEach((sub, k) => check(sub, `${path}.${g}[${k}]`, step, self));
      if (c[g]?.length === 0) add(`${path}.${g}`, 'invalid_condition', { empty: g });
    }
    if (c.not) check(c.not, `${path}.not`, step, self);

    const id = c.field;
    if (id === undefined) return;
    const target = fields.get(id);
    const at = `${path}.field`;
    if (!target) return add(at, 'unknown_field', { id, ids: [...fields.keys()] });
    if (id === self) add(at, 'self_reference', { id });
    // a step's condition is decided before its fields are asked; a field's, while its step is shown
    else if (target.step > step || (target.step === step && !self)) {
      add(at, 'forward_reference', { id, later: target.step > step, at: target.path });
    } else if (self && target.step === step) deps.set(self, [...(deps.get(self) ?? []), id]);

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

  // Cycles among same-step field conditions: depth first, each reported once, where it closes.
  const open: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): void => {
    open.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (open.includes(dep)) add(`${fields.get(id)!.path}.when`, 'condition_cycle', { loop: [...open.slice(open.indexOf(dep)), dep] });
      else if (!done.has(dep)) visit(dep);
    }
    done.add(open.pop()!);
  };
  for (const id of deps.keys()) if (!done.has(id)) visit(id);

  const p = form.profiling;
  if (p) {
    const ids = [...fields.keys()];
    const listed = new Map<string, string>();
    // like zod's records (and checkShape), never `__proto__`: parseForm's copy has no such key
    const keysOf = (o: object) => Object.keys(o).filter((k) => k !== '__proto__');
    const range = (path: string, value: number | undefined, min = 0) => {
      if (value !== undefined && !(min ? Number.isInteger(value) && value >= min : value > 0)) add(path, 'invalid_range', { value, min });
    };
    (['pool', 'alwaysAsk', 'urlPrefill'] as const).forEach((list) =>
      p[list]?.forEach((id, k) => {
        const path = `profiling.${list}[${k}]`;
        if (!fields.has(id)) return add(path, 'unknown_field', { id, ids });
        if (list === 'urlPrefill') return;
        const first = listed.get(id);
        if (first) add(path, 'duplicate_field_id', { id, at: first });
        else listed.set(id, path);
      }),
    );
    range('profiling.maxNewFields', p.maxNewFields, 1);
    range('profiling.retentionDays', p.retentionDays);
    const r = p.refreshAfterDays;
    if (typeof r === 'object') {
      for (const id of keysOf(r)) {
        const path = formatPath(['profiling', 'refreshAfterDays', id]);
        if (fields.has(id)) range(path, r[id]);
        else add(path, 'unknown_field', { id, ids });
      }
    } else range('profiling.refreshAfterDays', r);
    const m = p.migrate ?? {};
    for (const old of keysOf(m)) {
      const id = m[old]!;
      if (!keys.has(id)) add(formatPath(['profiling', 'migrate', old]), 'unknown_field', { id, values: [...keys.keys()] });
    }
  }

  const { endpoint } = form.submit;
  if (!HTTP_URL.test(endpoint) && !/^\.{0,2}\/\S*$/.test(endpoint)) add('submit.endpoint', 'invalid_endpoint', { value: endpoint });
  const redirect = form.after?.redirect;
  if (redirect !== undefined && !HTTP_URL.test(redirect)) add('after.redirect', 'invalid_redirect', { value: redirect });
  return problems;
};
