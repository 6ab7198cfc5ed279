import type { FieldConfig, FormConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import type { Profile, ProfileEntry } from './profile.js';
import { migrateProfile } from './migrate.js';
import { isStale } from './retention.js';
import { evaluateCondition } from '../conditions/evaluate-condition.js';
import { sameValue } from '../conditions/same-value.js';
import { coerceValue } from '../session/coerce-value.js';
import { validateFieldValue } from '../session/validate-field.js';
import { indexFields } from '../compile/compile-form.js';

/**
 * Progressive profiling, decided once per view: which fields a returning
 * visitor is not asked again, and what prefills the others. Pure: no DOM, no
 * storage; the session calls it with what the embed read before mounting.
 *
 * A field's value comes from the first of: `initialValues` (Cairn.mount), the
 * URL parameter or cookie its `from` names, a same-name URL parameter when the
 * field is in `profiling.urlPrefill`, the profile (under the field's `profile`
 * key; `migrate` is applied first; never for consent fields, whose consent
 * is given per form). Values the field type cannot hold are passed over; URL
 * and cookie values are cut to 1,000 characters.
 *
 * A field is *known* when the profile has a value for it that is younger than
 * `retentionDays` (older entries are ignored altogether), is what the field
 * would be prefilled with, passes the field's validation, and is not older
 * than `refreshAfterDays` (*stale*). The time of an entry is the later of
 * `learnedAt` and `confirmedAt`. A value from the URL never makes a field
 * known on its own: it only prefills.
 *
 * - `pool` fields (in order): known → skipped (with `skipKnown: false`, shown
 *   prefilled); unknown or stale → asked, up to `maxNewFields`; the rest are
 *   skipped this visit. A pool field whose condition (or step's) does not hold
 *   with the values known now uses no slot: it is a follow-up, asked only if
 *   the visitor's answers show it.
 * - `alwaysAsk` fields and every other field: shown, prefilled when known.
 * - `allKnown` (welcome back): the pool is all known and nothing is left to
 *   ask but `alwaysAsk` and consent fields.
 */

export interface PlanOptions {
  /** The time of this view. */
  now: Date | number;
  /** The page's query parameters. */
  urlParams?: Readonly<Record<string, string>>;
  /** The page's cookies (for `from.cookie`). */
  cookies?: Readonly<Record<string, string>>;
  /** Values the host passed (Cairn.mount); they win over every other source. */
  initialValues?: Readonly<Record<string, FieldValue>>;
}

export interface ProfilingPlan {
  /** Field ids not shown: known (and fresh), or pool fields beyond `maxNewFields`. Not validated, not in `answers`. */
  skip: ReadonlySet<string>;
  /** Field id → starting value (coerced to the field type), from every source; skipped fields too, so conditions see them. */
  prefill: Readonly<Record<string, FieldValue>>;
  /** The profile entries of this form's fields (by profile key), for the payload's `profile`. */
  known: Profile;
  /** Welcome back: every pool field is known and only always-ask (and consent) fields are left to show. */
  allKnown: boolean;
  /** Field ids whose remembered value is known and fresh (skipped when in the pool and `skipKnown`; prefilled otherwise). */
  fresh: ReadonlySet<string>;
}

const own = <T>(o: Readonly<Record<string, T>>, k?: string): T | undefined => (k !== undefined && Object.hasOwn(o, k) ? o[k] : undefined);

export function planProfiling(form: FormConfig, profile: Profile, { now, urlParams = {}, cookies = {}, initialValues = {} }: PlanOptions): ProfilingPlan {
  const { pool = [], alwaysAsk = [], urlPrefill = [], migrate = {}, refreshAfterDays, maxNewFields = 3, skipKnown = true, retentionDays = 365 } =
    form.profiling ?? {};
  const skip = new Set<string>();
  const fresh = new Set<string>();
  const prefill: Record<string, FieldValue> = {};
  const known: Record<string, ProfileEntry> = {};
  // `days` undefined: never stale (a comparison with NaN is false)
  const old = (e: ProfileEntry, days?: number) => isStale(e, days!, now);
  const outside = (o: Readonly<Record<string, string>>, k?: string) => own(o, k)?.slice(0, 1e3) || undefined;

  const { fields, stepOf } = indexFields(form);

  profile = migrateProfile(profile, migrate);
  for (const [id, f] of fields) {
    const key = f.profile ?? id;
    // consent is given per form: never taken from (or kept in) the profile
    let e = f.type === 'consent' ? undefined : own(profile, key);
    if (e && old(e, retentionDays)) e = undefined;
    if (e) known[key] = e;
    const from = f.from ?? {};
    const value = [
      own(initialValues, id),
      outside(urlParams, from.url),
      outside(cookies, from.cookie),
      urlPrefill.includes(id) ? outside(urlParams, id) : undefined,
      e?.value,
    ]
      .map((v) => coerceValue(f, v))
      .find((v) => v !== undefined);
    if (value === undefined) continue;
    prefill[id] = value;
    const r = typeof refreshAfterDays === 'object' ? own(refreshAfterDays, id) : refreshAfterDays;
    if (e && sameValue(value, coerceValue(f, e.value)) && !validateFieldValue(f, value) && !old(e, r)) fresh.add(id);
  }

  // Plan-time conditions read what is known now (prefill, else the default).
  const read = (_: unknown, k: string) => own(prefill, k) ?? fields.get(k)?.default;
  const asks = (f: FieldConfig) =>
    f.type !== 'hidden' && !skip.has(f.id) && [stepOf.get(f.id)!.when, f.when].every((c) => !c || evaluateCondition(c, read));
  let asked = 0;
  for (const id of pool) {
    const field = fields.get(id);
    if (!field || alwaysAsk.includes(id)) continue;
    if (fresh.has(id)) {
      if (skipKnown) skip.add(id);
    } else if (asks(field)) {
      if (asked < maxNewFields) asked++;
      else skip.add(id);
    } // else: a follow-up whose condition does not hold yet — no slot, never skipped
  }
  const allKnown =
    pool.length > 0 && pool.every((id) => fresh.has(id)) && [...fields.values()].every((f) => f.type === 'consent' || alwaysAsk.includes(f.id) || !asks(f));
  return { skip, prefill, known, allKnown, fresh };
}
