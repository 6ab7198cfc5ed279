import { FACT_KINDS } from '../schema/constants.js';
import type { Condition, FactKind, Scalar } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';

/**
 * Reads one fact for a condition: `kind` is `field` (key: a field id),
 * `profile` (a profile key), `signal` (`pricing.views`), `email` (`class`,
 * `domain`, `companyDomain`) or `score` (`fit`, `stage`…). Return `undefined`
 * for an unknown or unanswered fact. A reader that knows only fields can
 * ignore `kind` for `field` and return `undefined` for the rest.
 */
export type FactReader = (kind: FactKind, key: string) => FieldValue | undefined;

/** A condition compiled once into a closure (plain JS, no `new Function`: strict CSP works). */
export type CompiledCondition = (read: FactReader) => boolean;

/**
 * Evaluates a condition against the facts `read` returns.
 *
 * A condition is the conjunction of every constraint it states: `{field, gte: 1, lt: 10}`
 * is a range, `{}` holds. (parseForm only accepts one operator per fact, so this matters
 * only for hand-built conditions.)
 *
 * Absent values — `undefined`, `''`, `[]`, `NaN` — are the same to every operator:
 * - `exists: true` holds for a present value, `exists: false` for an absent one.
 *   `false` (an unchecked checkbox) and `0` are present: they are answers.
 * - every other comparison with an absent value is false, except `notEquals` and
 *   `notIn`, which are true.
 *
 * Present values:
 * - `notEquals` is exactly `not equals`, and `notIn` exactly `not in`, for every value.
 * - `equals x`: same value; a number and a numeric string compare as numbers
 *   (`"10"` equals `10`, `" 1e1 "` too); strings compare case-sensitively (they are
 *   option values); a boolean equals only a boolean.
 * - `in [..]`: `equals` some element (`in: []` is false).
 * - Array values (checkboxes) mean membership: `equals x` ⇔ x is ticked; `in [..]` ⇔ any
 *   listed option is ticked; `notEquals`/`notIn` ⇔ none is.
 * - `gt gte lt lte n`: a number, or a numeric string, compared numerically; anything else
 *   (booleans, arrays, words) is false.
 * - `contains x`: on a string, case-insensitive substring of `String(x)`; on an array,
 *   membership like `equals`; on numbers and booleans, false.
 * - `all: []` holds, `any: []` does not, `not` negates.
 * - A fact without an operator holds when it reads `true`: `{ "email": "free" }` reads the
 *   email fact `free`, true for a free-mail address (parseForm allows this for email classes only).
 */
export function evaluateCondition(cond: Condition, read: FactReader): boolean {
  return compileCondition(cond)(read);
}

/**
 * The keys of facts of `kind` a condition reads (its dependencies): by default the
 * field ids. `{ "email": "free" }` reads the email key `class`.
 */
export function conditionFacts(cond: Condition, into: Set<string> = new Set(), kind: FactKind = 'field'): Set<string> {
  const key = cond[kind];
  if (key !== undefined) into.add(key);
  for (const c of cond.all ?? []) conditionFacts(c, into, kind);
  for (const c of cond.any ?? []) conditionFacts(c, into, kind);
  if (cond.not) conditionFacts(cond.not, into, kind);
  return into;
}


// Conditions are config objects with a stable identity: compile each once.
const cache = /* @__PURE__ */ new WeakMap<Condition, CompiledCondition>();

/** Compiles a condition (memoized per object); evaluating the result is allocation-free. */
export function compileCondition(cond: Condition): CompiledCondition {
  let compiled = cache.get(cond);
  if (!compiled) cache.set(cond, (compiled = build(cond)));
  return compiled;
}

type Test = (v: FieldValue | undefined) => boolean;

function build(cond: Condition): CompiledCondition {
  const parts: CompiledCondition[] = [];
  for (const kind of FACT_KINDS) {
    const key = cond[kind];
    if (key === undefined) continue;
    const tests = valueTests(cond);
    // no operator: the fact itself must read `true` ({ "email": "free" })
    if (!tests.length) tests.push((v) => v === true);
    for (const test of tests) parts.push((read) => test(read(kind, key)));
  }
  if (cond.all) {
    const all = cond.all.map(compileCondition);
    parts.push((read) => all.every((c) => c(read)));
  }
  if (cond.any) {
    const any = cond.any.map(compileCondition);
    parts.push((read) => any.some((c) => c(read)));
  }
  if (cond.not) {
    const inner = compileCondition(cond.not);
    parts.push((read) => !inner(read));
  }
  if (parts.length === 1) return parts[0]!;
  return (read) => parts.every((p) => p(read));
}

function valueTests(c: Condition): Test[] {
  const tests: Test[] = [];
  if (c.equals !== undefined) tests.push(equalsTest(c.equals));
  if (c.notEquals !== undefined) tests.push(negate(equalsTest(c.notEquals)));
  if (c.in !== undefined) tests.push(inTest(c.in));
  if (c.notIn !== undefined) tests.push(negate(inTest(c.notIn)));
  if (c.gt !== undefined) tests.push(numberTest(c.gt, (a, b) => a > b));
  if (c.gte !== undefined) tests.push(numberTest(c.gte, (a, b) => a >= b));
  if (c.lt !== undefined) tests.push(numberTest(c.lt, (a, b) => a < b));
  if (c.lte !== undefined) tests.push(numberTest(c.lte, (a, b) => a <= b));
  if (c.contains !== undefined) tests.push(containsTest(c.contains));
  if (c.exists !== undefined) {
    const want = c.exists;
    tests.push((v) => isPresent(v) === want);
  }
  return tests;
}

/** `undefined`, `''`, `[]` and `NaN` are absent; `false` and `0` are answers. */
export function isPresent(v: FieldValue | undefined): v is FieldValue {
  if (v === undefined || v === '') return false;
  if (typeof v === 'number') return v === v; // NaN is absent
  return typeof v !== 'object' || v.length > 0;
}

/** A number, or a non-blank numeric string as a number; otherwise NaN. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

function scalarEquals(v: Scalar, x: Scalar): boolean {
  if (v === x) return true;
  // Numeric strings meet numbers as numbers; every other type mismatch is unequal.
  if (typeof x === 'number' && typeof v === 'string') return toNumber(v) === x;
  if (typeof v === 'number' && typeof x === 'string') return toNumber(x) === v;
  return false;
}

function equalsTest(x: Scalar): Test {
  return (v) => {
    if (!isPresent(v)) return false;
    if (typeof v === 'object') return v.some((item) => scalarEquals(item, x));
    return scalarEquals(v, x);
  };
}

function inTest(list: readonly Scalar[]): Test {
  const matches = (s: Scalar) => list.some((x) => scalarEquals(s, x));
  return (v) => {
    if (!isPresent(v)) return false;
    return typeof v === 'object' ? v.some(matches) : matches(v);
  };
}

function numberTest(x: number, cmp: (a: number, b: number) => boolean): Test {
  return (v) => cmp(toNumber(v), x); // NaN (absent, words, booleans, arrays) compares false
}

function containsTest(x: Scalar): Test {
  const needle = String(x).toLowerCase();
  return (v) => {
    if (!isPresent(v)) return false;
    if (typeof v === 'string') return v.toLowerCase().includes(needle);
    if (typeof v === 'object') return v.some((item) => scalarEquals(item, x));
    return false;
  };
}

function negate(test: Test): Test {
  return (v) => !test(v);
}
