import { conditionFacts } from '../conditions/evaluate-condition.js';
import type { FactKind } from '../schema/constants.js';
import type { Condition, FieldConfig, FormConfig, StepConfig } from '../schema/form-schema.js';

/**
 * A form config indexed once, for every module that needs to look a field up: built on first use
 * and cached per config object (configs are not changed after parsing).
 */
export interface CompiledForm {
  readonly config: FormConfig;
  /** Field id → field, in display order. Duplicate ids are a config error; the first wins, everywhere. */
  readonly fields: ReadonlyMap<string, FieldConfig>;
  /** Field id → the step it is on. */
  readonly stepOf: ReadonlyMap<string, StepConfig>;
  /** Email fields, in display order (the first is "the" email: enrichment, email facts). */
  readonly emails: readonly FieldConfig[];
  /** Ids of consent fields. */
  readonly consents: readonly string[];
  /** Profile key (`field.profile ?? field.id`) → the fields that remember it. */
  readonly byProfile: ReadonlyMap<string, readonly FieldConfig[]>;
  /** Every `when` of the steps and fields. */
  readonly conditions: readonly (Condition | undefined)[];
}

/** The part of the compiled form the session and the profiling plan need (the script tag's first bundle carries only this). */
export type FieldIndex = Pick<CompiledForm, 'fields' | 'stepOf'>;

const compiled = /* @__PURE__ */ new WeakMap<FormConfig, CompiledForm>();

/**
 * Field id → field and → its step, first wins. Not cached: one pass over the steps, done when a
 * session starts and when it re-plans (the script tag's first bundle carries this, not the cache).
 */
export function indexFields(config: FormConfig): FieldIndex {
  const fields = new Map<string, FieldConfig>();
  const stepOf = new Map<string, StepConfig>();
  for (const step of config.steps)
    for (const field of step.fields) if (!fields.has(field.id)) fields.set(field.id, field), stepOf.set(field.id, step);
  return { fields, stepOf };
}

/** The whole index (see `CompiledForm`); cached per config. */
export function compileForm(config: FormConfig): CompiledForm {
  let found = compiled.get(config);
  if (found) return found;
  const { fields, stepOf } = indexFields(config);
  const list = [...fields.values()];
  const byProfile = new Map<string, FieldConfig[]>();
  for (const field of list) byProfile.set(field.profile ?? field.id, [...(byProfile.get(field.profile ?? field.id) ?? []), field]);
  found = {
    config,
    fields,
    stepOf,
    emails: list.filter((f) => f.type == 'email'),
    consents: list.filter((f) => f.type == 'consent').map((f) => f.id),
    byProfile,
    conditions: config.steps.flatMap((step) => [step.when, ...step.fields.map((f) => f.when)]),
  };
  compiled.set(config, found);
  return found;
}

const factKeys = /* @__PURE__ */ new WeakMap<CompiledForm, Map<FactKind, Set<string>>>();

/**
 * The keys of one fact kind (`field`, `profile`, `signal`, `email`, `score`) the form's own
 * conditions read, computed once per form and kind. (Beside `compileForm`, not in it: the script
 * tag's first bundle needs the index, not this.)
 */
export function conditionKeys(form: CompiledForm, kind: FactKind): ReadonlySet<string> {
  let byKind = factKeys.get(form);
  if (!byKind) factKeys.set(form, (byKind = new Map()));
  let keys = byKind.get(kind);
  if (!keys) {
    byKind.set(kind, (keys = new Set()));
    for (const c of form.conditions) if (c) conditionFacts(c, keys, kind);
  }
  return keys;
}
