import { compileCondition, type FactReader } from '../conditions/evaluate-condition.js';
import type { FieldValue } from '../model/values.js';
import type { Condition } from '../schema/form-schema.js';

/** A fact a rule read, as `kind:key` (`signal:pricing.views`), and its value (`null`: absent). */
export interface FactRead {
  fact: string;
  value: FieldValue | null;
}

/**
 * Whether `cond` holds and, when it does, the facts that make it hold: every fact of
 * an `all`, the facts of the first `any` branch that holds, the facts a `not` read
 * (none of which made its inner condition hold). The verdict is `evaluateCondition`'s
 * own (the compiled condition); the walk only names the facts. In reading order,
 * each fact once.
 */
export const explainCondition = (cond: Condition, read: FactReader): FactRead[] | undefined => {
  if (!compileCondition(cond)(read)) return undefined;
  const facts = support(cond, read, true) ?? readBy(cond, read);
  // most rules read one fact: nothing to merge
  if (facts.length == 1) return facts;
  const found = new Map<string, FieldValue | null>();
  facts.forEach(({ fact, value }) => found.has(fact) || found.set(fact, value));
  return [...found].map(([fact, value]) => ({ fact, value }));
};

/** The facts evaluating `cond` reads. */
const readBy = (cond: Condition, read: FactReader): FactRead[] => {
  const seen: FactRead[] = [];
  compileCondition(cond)((kind, key) => {
    const value = read(kind, key);
    seen.push({ fact: `${kind}:${key}`, value: value ?? null });
    return value;
  });
  return seen;
};

/**
 * The supporting facts of a condition that holds, or `undefined` if it does not. `holds`: it is
 * known to hold (then, for `all`, so does every part): not evaluated again (live scoring
 * explains every rule after every answer).
 */
const support = (cond: Condition, read: FactReader, holds = false): FactRead[] | undefined => {
  if (cond.all) {
    const parts = cond.all.map((c) => support(c, read, holds));
    return parts.every(Boolean) ? (parts as FactRead[][]).flat() : undefined;
  }
  if (cond.any) {
    for (const c of cond.any) {
      const facts = support(c, read);
      if (facts) return facts;
    }
    return undefined;
  }
  if (cond.not) return compileCondition(cond.not)(read) ? undefined : readBy(cond.not, read);
  return holds || compileCondition(cond)(read) ? readBy(cond, read) : undefined;
};
