import { formatPath, type ConfigErrorCode, type Problem, type ProblemData } from './config-error.js';
import { parseSignalKey, RESERVED_SIGNAL_NAMES, signalName, SIGNAL_METRICS } from '../behaviour/signal-key.js';
import { SCORING_DEFAULTS } from '../scoring/defaults.js';
import { CHOICE_TYPES, COMPARISON_OPERATORS, EMAIL_CLASSES, EMAIL_FACTS, FACT_KINDS, SCORE_FACTS } from './constants.js';
import type { AfterConfig, Condition, FormConfig } from './form-schema.js';
import { normalizeOptions } from './options.js';
import { checkDestinations, isEndpoint } from '../delivery/check-destination.js';

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
 * Facts (issue 4): `invalid_fact` (`type`: the kind, `id`: the key, `values`: the
 * allowed words) for an `email` or `score` key that is no such fact.
 * Scoring, signals and `after` (issue 4): conditions anywhere may read any fact;
 * those of scoring rules, routes and `after` rules come after every step, so
 * they may read every field. `invalid_fact` (with `type`: the fact kind, `id`:
 * its key, `values`: what would do, `at`: 'rule'|'route' where a score fact
 * cannot be read) for a signal key that is not `<name>.<metric>` or names no
 * page group, and for a score fact a rule or route cannot read (rules make the
 * score; routes make `route` and `priority`). `duplicate_rule_id` across fit and
 * intent. `invalid_range` (`value`, `min: 0`, `positive`) for non-positive max,
 * halfLifeDays, respondWithinMinutes; (`keys`, `min`, `max`) for grades that rise
 * (A ≥ B ≥ C). `invalid_id` for a stage or page group name that is not a plain
 * name (or is reserved: pages, visits, forms). `invalid_pattern` for a page glob
 * that is not a path. `invalid_domain` for a competitor that is not a domain.
 * `invalid_redirect` for a redirect or booking URL that is not http(s);
 * `unknown_field` for a booking param naming no field.
 *
 * Delivery (issue 5): `missing_destination` (at `submit`) when there is neither
 * an `endpoint` nor a destination; per destination (`checkDestinations`):
 * `missing_destination_key` / `unexpected_destination_key` (`type`: the format,
 * `id`: the key) for a key its format needs or would ignore,
 * `duplicate_destination_id` (`id`, `at`), `invalid_endpoint` (`value`), and
 * `invalid_range` (`value`, `positive`) for retry numbers and `timeoutMs`.
 * `submit.partial`, `submit.enrich` and `analytics`: `unknown_field` for a field
 * id no field has, `invalid_endpoint` for an enrich URL, `invalid_range` for
 * non-positive seconds or milliseconds.
 *
 * Problems are values (`path`, `code`, and the `data` a message needs), never
 * words: this runs in the script-tag bundle (`checkForm`), and the wording
 * lives in `problem-messages.ts`, which only `parseForm` loads. Keep the order
 * of problems at one path: `parseForm` reports them in this order.
 */

const EMAIL_WORDS: readonly string[] = [...EMAIL_FACTS, ...EMAIL_CLASSES];

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

  const pageGroups = Object.keys(form.signals?.pages ?? {}).filter((k) => k !== '__proto__');
  const isGroup = (name: string) => pageGroups.some((g) => signalName(g) === name);

  /**
   * Checks a condition tree of step `step`; `self` is the field it belongs to (none for a
   * step's condition); `ctx` marks a scoring rule's or a route's condition.
   */
  const check = (c: Condition, path: string, step: number, self?: string, ctx?: 'rule' | 'route'): void => {
    const facts = FACT_KINDS.filter((k) => c[k] !== undefined);
    const ops = COMPARISON_OPERATORS.filter((k) => c[k] !== undefined);
    const groups = (['all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
    // { "email": "free" }: a class alone, no operator
    const short = c.email !== undefined && !(EMAIL_FACTS as readonly string[]).includes(c.email) ? 1 : 0;
    if (facts.length + groups.length !== 1 || ops.length !== facts.length - short) {
      add(path, 'invalid_condition', { keys: [...facts, ...ops, ...groups], ...(short && ops.length ? { value: c.email } : {}) });
    }
    for (const g of ['all', 'any'] as const) {
      c[g]?.forEach((sub, k) => check(sub, `${path}.${g}[${k}]`, step, self, ctx));
      if (c[g]?.length === 0) add(`${path}.${g}`, 'invalid_condition', { empty: g });
    }
    if (c.not) check(c.not, `${path}.not`, step, self, ctx);

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
    else if (score !== undefined && (ctx === 'rule' || (ctx === 'route' && (score === 'route' || score === 'priority')))) {
      add(`${path}.score`, 'invalid_fact', { type: 'score', id: score, at: ctx });
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
  /** After the last step: every field has been asked. */
  const end = form.steps.length;
  const keysOf = (o: object) => Object.keys(o).filter((k) => k !== '__proto__');
  const positive = (path: string, value: number | undefined) => {
    if (value !== undefined && !(value > 0)) add(path, 'invalid_range', { value, min: 0, positive: true });
  };
  /** A plain name (a stage, a page group): `pricing`, `sales_qualified`. */
  const plainName = (path: string, name: string, pattern: RegExp) => {
    if (!pattern.test(name) || RESERVED_SIGNAL_NAMES.includes(name.toLowerCase())) add(path, 'invalid_id', { id: name });
  };

  const sc = form.scoring;
  if (sc) {
    const ruleIds = new Map<string, string>();
    (['fit', 'intent'] as const).forEach((dimension) =>
      sc[dimension]?.forEach((rule, k) => {
        const path = `scoring.${dimension}[${k}]`;
        const first = ruleIds.get(rule.id);
        if (first) add(`${path}.id`, 'duplicate_rule_id', { id: rule.id, at: first });
        else ruleIds.set(rule.id, path);
        check(rule.when, `${path}.when`, end, undefined, 'rule');
      }),
    );
    positive('scoring.max.fit', sc.max?.fit);
    positive('scoring.max.intent', sc.max?.intent);
    positive('scoring.halfLifeDays', sc.halfLifeDays);
    const grades = sc.grades ?? {};
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
    for (const name of keysOf(sc.stages ?? {})) plainName(formatPath(['scoring', 'stages', name]), name, /^[A-Za-z_][A-Za-z0-9_.-]*$/);
    sc.routes?.forEach((route, k) => {
      if (route.when) check(route.when, `scoring.routes[${k}].when`, end, undefined, 'route');
      positive(`scoring.routes[${k}].respondWithinMinutes`, route.respondWithinMinutes);
    });
    sc.competitors?.forEach((domain, k) => {
      if (!/^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(domain)) add(`scoring.competitors[${k}]`, 'invalid_domain', { value: domain });
    });
  }

  const pages = form.signals?.pages ?? {};
  for (const group of keysOf(pages)) {
    const path = formatPath(['signals', 'pages', group]);
    plainName(path, group, /^[A-Za-z0-9_-]{1,40}$/);
    if (!/^[/*]/.test(pages[group]!)) add(path, 'invalid_pattern', { value: pages[group] });
  }

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

  const submit = form.submit;
  const { endpoint, destinations = [] } = submit;
  if (endpoint !== undefined && !isEndpoint(endpoint)) add('submit.endpoint', 'invalid_endpoint', { value: endpoint });
  // nowhere to send a lead: the visitor would fill in the form for nothing
  if (endpoint === undefined && !destinations.length) add('submit', 'missing_destination');
  for (const { path, code, data } of checkDestinations(destinations, 'submit.destinations')) {
    const { format: type, key: id, value, at } = data;
    if (code === 'missing_key') add(path, 'missing_destination_key', { type, id });
    else if (code === 'unexpected_key') add(path, 'unexpected_destination_key', { type, id });
    else if (code === 'duplicate_destination_id') add(path, code, { id: String(value), at });
    else if (code === 'invalid_endpoint') add(path, code, { value });
    // retry numbers and timeoutMs (a format outside the enum cannot pass the shape check)
    else add(path, 'invalid_range', { value, min: 0, positive: true });
  }
  const ids = [...fields.keys()];
  const known = (path: string, list: readonly string[] | undefined) =>
    list?.forEach((id, k) => fields.has(id) || add(`${path}[${k}]`, 'unknown_field', { id, ids }));
  positive('submit.partial.afterSeconds', submit.partial?.afterSeconds);
  known('submit.partial.fields', submit.partial?.fields);
  const enrich = submit.enrich;
  if (enrich && !isEndpoint(enrich.url)) add('submit.enrich.url', 'invalid_endpoint', { value: enrich.url });
  positive('submit.enrich.timeoutMs', enrich?.timeoutMs);
  known('analytics.fields', form.analytics?.fields);
  const after = form.after;
  const many = Array.isArray(after);
  ([] as AfterConfig[]).concat(after ?? []).forEach((rule, k) => {
    const path = many ? `after[${k}]` : 'after';
    if (rule.when) check(rule.when, `${path}.when`, end);
    const url = (where: string, value: string | undefined) => {
      if (value !== undefined && !HTTP_URL.test(value)) add(`${path}.${where}`, 'invalid_redirect', { value });
    };
    url('redirect', rule.redirect);
    url('booking.url', rule.booking?.url);
    const params = rule.booking?.params ?? {};
    for (const param of keysOf(params)) {
      const id = params[param]!;
      if (!fields.has(id)) add(formatPath(['after', ...(many ? [k] : []), 'booking', 'params', param]), 'unknown_field', { id, ids: [...fields.keys()] });
    }
  });
  return problems;
};
