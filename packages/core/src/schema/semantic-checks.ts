import { configError, quoteList, type ConfigError, type ConfigErrorCode } from './config-error.js';
import { didYouMeanHint } from './did-you-mean.js';
import { CHOICE_TYPES, COMPARISON_OPERATORS, FACT_KINDS, type Condition, type FormConfig } from './form-schema.js';
import { normalizeOptions } from './options.js';

/**
 * Rules that need the whole form, run once the structure is valid: unique
 * ids, conditions that are well formed and read answers the visitor has
 * already given, usable options, safe URLs. Wording is kept short: this ships
 * in the script-tag bundle.
 */

const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

/** Strings in quotes, other values as JSON writes them: `'5'` vs `5`. */
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

export const checkForm = (form: FormConfig): ConfigError[] => {
  const errors: ConfigError[] = [];
  const add = (path: string, code: ConfigErrorCode, message: string, hint?: string) => {
    errors.push(configError(path, code, message, hint));
  };
  /** Field id → its step index, path and option values (the first field, if an id is used twice). */
  const fields = new Map<string, { step: number; path: string; values?: string[] }>();
  const stepIds = new Map<string, string>();
  /** Field id → ids of same-step fields its condition reads, for cycles. */
  const deps = new Map<string, string[]>();

  const unique = (seen: Map<string, unknown>, id: string, path: string, code: ConfigErrorCode, what: string) => {
    const first = seen.get(id) as { path?: string } | string | undefined;
    if (first) add(`${path}.id`, code, `${what} id '${id}' is also used at ${typeof first === 'string' ? first : first.path}`);
    return !first;
  };

  form.steps.forEach((step, i) => {
    const stepPath = `steps[${i}]`;
    if (unique(stepIds, step.id, stepPath, 'duplicate_step_id', 'step')) stepIds.set(step.id, stepPath);

    step.fields.forEach((f, j) => {
      const where = `${stepPath}.fields[${j}]`;
      const at = (key: string) => `${where}.${key}`;
      const { type, options, min, max, pattern } = f;
      const d = f.default;
      const choice = CHOICE_TYPES.includes(type);
      const values = normalizeOptions(options).map((o) => o.value);
      if (unique(fields, f.id, where, 'duplicate_field_id', 'field')) fields.set(f.id, { step: i, path: where, values: choice ? values : undefined });

      if (type !== 'hidden' && !f.label?.trim()) add(f.label === undefined ? where : at('label'), 'missing_label', `${type} field needs a label`);

      if (choice && !values.length) add(at('options'), 'missing_options', `${type} field needs options`);
      if (!choice && options) {
        add(at('options'), 'unexpected_options', `${type} field has no options`, didYouMeanHint(type, CHOICE_TYPES) ?? `only ${quoteList(CHOICE_TYPES, 'and')} do`);
      }
      values.forEach((v, k) => {
        if (values.indexOf(v) < k) add(at(`options[${k}]`), 'duplicate_option', `option '${v}' is also options[${values.indexOf(v)}]`);
      });

      if (choice && d !== undefined && values.length) {
        if (Array.isArray(d) !== (type === 'checkboxes')) {
          add(at('default'), 'invalid_default', `default of ${type} must be ${type === 'checkboxes' ? 'a list of option values' : 'one option value'}`);
        } else {
          ([] as unknown[]).concat(d).forEach((v, k) => {
            if (!values.includes(v as string)) {
              add(
                at(Array.isArray(d) ? `default[${k}]` : 'default'),
                'invalid_default',
                `default ${show(v)} is not an option`,
                didYouMeanHint(String(v), values) ?? `use ${quoteList(values)}`,
              );
            }
          });
        }
      }
      if (type === 'consent' && d === true) add(at('default'), 'invalid_default', 'consent must not be ticked in advance');

      if (min! > max!) add(at('min'), 'invalid_range', `min (${min}) is greater than max (${max})`);
      if (pattern !== undefined) {
        try {
          new RegExp(pattern);
        } catch (e) {
          add(at('pattern'), 'invalid_pattern', `${show(pattern)} is not a valid regular expression`, String((e as Error).message).split(': ').pop());
        }
      }
    });
  });

  /** Checks a condition tree of step `step`; `self` is the field it belongs to (none for a step's condition). */
  const check = (c: Condition, path: string, step: number, self?: string): void => {
    const facts = FACT_KINDS.filter((k) => c[k] !== undefined);
    const ops = COMPARISON_OPERATORS.filter((k) => c[k] !== undefined);
    const groups = (['all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
    if (facts.length + groups.length !== 1 || ops.length !== facts.length) {
      add(
        path,
        'invalid_condition',
        `condition has ${quoteList([...facts, ...ops, ...groups], 'and') || 'nothing'}`,
        facts.length && !ops.length
          ? `add one operator: ${COMPARISON_OPERATORS.join(', ')}`
          : "it needs exactly one of: a 'field' with one operator, 'all', 'any', 'not'",
      );
    }
    for (const g of ['all', 'any'] as const) {
      c[g]?.forEach((sub, k) => check(sub, `${path}.${g}[${k}]`, step, self));
      if (c[g]?.length === 0) add(`${path}.${g}`, 'invalid_condition', `'${g}' is empty`);
    }
    if (c.not) check(c.not, `${path}.not`, step, self);

    const id = c.field;
    if (id === undefined) return;
    const target = fields.get(id);
    const at = `${path}.field`;
    if (!target) return add(at, 'unknown_field', `unknown field '${id}'`, didYouMeanHint(id, fields.keys()));
    if (id === self) add(at, 'self_reference', `'${id}' depends on itself`);
    // a step's condition is decided before its fields are asked; a field's, while its step is shown
    else if (target.step > step || (target.step === step && !self)) {
      add(at, 'forward_reference', `'${id}' is asked ${target.step > step ? 'in a later' : 'in this'} step (${target.path})`, 'conditions can only read earlier answers');
    } else if (self && target.step === step) deps.set(self, [...(deps.get(self) ?? []), id]);

    // a compared value that is not an option never matches
    const values = target.values;
    if (values?.length) {
      for (const op of ['equals', 'notEquals', 'contains', 'in', 'notIn'] as const) {
        const v = c[op];
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).forEach((x, k) => {
          if (!values.includes(x as string)) {
            add(
              `${path}.${op}${Array.isArray(v) ? `[${k}]` : ''}`,
              'unknown_option_value',
              `${show(x)} is not an option of '${id}'`,
              didYouMeanHint(String(x), values) ?? `use ${quoteList(values)}`,
            );
          }
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
      if (open.includes(dep)) {
        const loop = [...open.slice(open.indexOf(dep)), dep];
        add(`${fields.get(id)!.path}.when`, 'condition_cycle', `circular conditions: ${loop.map((s) => `'${s}'`).join(' → ')}`);
      } else if (!done.has(dep)) visit(dep);
    }
    done.add(open.pop()!);
  };
  for (const id of deps.keys()) if (!done.has(id)) visit(id);

  const { endpoint } = form.submit;
  if (!HTTP_URL.test(endpoint) && !/^\.{0,2}\/\S*$/.test(endpoint)) {
    add('submit.endpoint', 'invalid_endpoint', `${show(endpoint)} is not an http(s) URL or a path`, "use 'https://…' or a path starting with '/', './' or '../'");
  }
  const redirect = form.after?.redirect;
  if (redirect !== undefined && !HTTP_URL.test(redirect)) {
    add('after.redirect', 'invalid_redirect', `${show(redirect)} is not an http(s) URL`, "use a full address: 'https://…'");
  }
  return errors;
};
