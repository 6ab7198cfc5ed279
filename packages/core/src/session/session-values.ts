import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { FieldConfig, FormConfig } from '../schema/form-schema.js';
import type { Answers, FieldValue } from '../model/values.js';
import type { Profile } from '../profile/profile.js';
import type { FieldErrors, FormSession, SessionEvents, SessionOptions, SessionStatus } from './form-session.js';
import type { FieldIndex } from '../compile/compile-form.js';
import type { Emitter } from './emitter.js';
import { createVisibility, type Visibility } from '../conditions/visibility.js';
import { planProfiling, type ProfilingPlan } from '../profile/plan.js';
import { isPresent } from '../conditions/evaluate-condition.js';
import { sameValue } from '../conditions/same-value.js';
import { coerceValue } from './coerce-value.js';
import { sessionVisibility } from './session-visibility.js';
import { signalsById } from './signals-by-id.js';

/**
 * The values part of a session: the visitor's answers in the visibility engine and what profiling
 * plans for them (what they show, and the fields' messages: `sessionVisibility`). `forget` makes a
 * changed answer a new submission; `view` is what the visitor sees now, read only when the profile
 * changes (both belong to parts made after this one).
 *
 * Returns its members of the session, then what the other parts read: a tuple, not an object,
 * because the minifier shortens the names of its elements and cairn.js has no bytes to spare.
 */
export function sessionValues(
  config: FormConfig,
  errors: Signal<FieldErrors>,
  status: ReadonlySignal<SessionStatus>,
  emitter: Emitter<SessionEvents>,
  options: SessionOptions,
  clock: () => Date,
  index: FieldIndex,
  forget: () => void,
  view: () => Pick<FormSession, 'currentFields' | 'stepIndex'>,
) {
  const { fields } = index;
  let vis!: Visibility;
  const planFor = (profile: Profile) => planView(config, options, clock(), profile);
  /** Fields the visitor (or the host, through `set`) gave a value: a profile update never overwrites them. */
  const touched = new Set<string>();
  /** Plans the view for what is known about the visitor and starts the values over from it. */
  const start = (profile: Profile) => {
    const p = planFor(profile);
    touched.clear();
    vis = createVisibility(config, startingValues(fields, p.prefill));
    return p;
  };
  const plan = signal(start(options.profile ?? {}));
  const [shown, visibility, isShown, shownFields, validate, setError, flip, refresh] = sessionVisibility(config, errors, index, plan, () => vis);
  // `changed` bumps `valuesVersion`: `values` is rebuilt when read next.
  const [fieldValue, changed, valuesVersion] = signalsById((id) => vis.raw(id));

  /** Store a (coerced, changed) value and update what depends on it. */
  function apply(field: FieldConfig, next: FieldValue | undefined): void {
    const fieldId = field.id;
    batch(() => {
      flip(vis.set(fieldId, next));
      changed([fieldId]);
      // Fixing a field clears its message.
      if (fieldId in errors.peek()) setError(fieldId, validate(field));
    });
  }

  /** A new plan (and, after "Not you?", new values): every list, value and per-field visibility follows. */
  function replan(next: ProfilingPlan): void {
    plan.value = next;
    changed();
    refresh();
  }

  const known = computed(() => plan.value.known);
  const members: Pick<
    FormSession,
    'values' | 'fieldValue' | 'visibleSteps' | 'skipped' | 'welcomeBack' | 'known' | 'setFacts' | 'isVisible' | 'set' | 'validateField' | 'updateProfile'
  > = {
    ...shown,
    values: valuesRecord(fields, valuesVersion, () => vis),
    fieldValue,
    skipped: computed(() => plan.value.skip),
    welcomeBack: computed(() => plan.value.allKnown),
    known,
    set(fieldId, value) {
      const field = fields.get(fieldId);
      if (!field) return;
      const next = coerceValue(field, value);
      if (sameValue(vis.raw(fieldId), next)) return;
      touched.add(fieldId);
      apply(field, next);
      // Changed answers are a new submission: a retry must not resend the old ones under the old id.
      if (status.peek() !== 'submitted') forget();
      emitter.emit('change', { field: fieldId, value: next });
    },
    updateProfile(profile, how = {}) {
      if (status.peek() === 'submitted') return;
      const before = plan.peek();
      const p = planFor(profile);
      const { currentFields, stepIndex } = view();
      // The profile the view should have been planned from, read after the first render: while the
      // visitor has answered nothing (still on the first step), the view is planned from it afresh.
      const afresh = how.initial && touched.size === 0 && status.peek() === 'editing' && stepIndex.peek() === 0;
      // Fields in front of the visitor stay put: nothing vanishes under their cursor.
      const onScreen = new Set(currentFields.peek().map((f) => f.id));
      batch(() => {
        for (const [id, field] of fields) {
          const value = p.prefill[id];
          if (value !== undefined && !touched.has(id) && !sameValue(vis.raw(id), value)) apply(field, value);
        }
        replan(afresh ? p : narrowed(before, p, (id) => !touched.has(id) && !onScreen.has(id)));
      });
    },
  };
  return [
    members,
    visibility,
    shownFields,
    validate,
    known,
    () => shownAnswers(fields, isShown, vis),
    /** "Not you?": a plan and values as for a new visitor. */
    () => replan(start({})),
  ] as const;
}

/** `document.cookie` as name → value (raw, as the cookie holds it). */
const readCookies = () => Object.fromEntries((globalThis.document?.cookie ?? '').split(/; */).map((c) => c.split(/=(.*)/)));

/**
 * The profiling plan for this view (see `planProfiling`), with the page's URL and cookies unless the
 * options give them. `document.cookie` is read only when a field takes a value from a cookie: the
 * first read costs 2–12 ms before the first render.
 */
const planView = (config: FormConfig, options: SessionOptions, now: Date, profile: Profile) =>
  planProfiling(config, profile, {
    now,
    urlParams: options.urlParams ?? Object.fromEntries(new URLSearchParams(globalThis.location?.search)),
    cookies: options.cookies ?? (config.steps.some((step) => step.fields.some((f) => f.from?.cookie)) ? readCookies() : {}),
    initialValues: options.initialValues,
  });

/**
 * A new plan that only ever shortens the view: it keeps the fields `before` planned to ask and its
 * welcome back, and skips the fields the new plan knows (fresh) that `skippable` lets go.
 */
function narrowed(before: ProfilingPlan, p: ProfilingPlan, skippable: (id: string) => boolean): ProfilingPlan {
  const skip = new Set(before.skip);
  for (const id of p.fresh) if (p.skip.has(id) && skippable(id)) skip.add(id);
  return { ...p, skip, allKnown: before.allKnown };
}

/**
 * Every current value, by field id. Raw values live in the engine; this record is rebuilt only
 * when read after `version` changed: copying ~200 keys costs ~10 µs, more than the rest of an
 * answer together.
 */
const valuesRecord = (fields: FieldIndex['fields'], version: ReadonlySignal<number>, engine: () => Visibility) =>
  computed<Readonly<Record<string, FieldValue>>>(() => {
    version.value;
    const record: Record<string, FieldValue> = {};
    for (const [id] of fields) {
      const value = engine().raw(id);
      if (value !== undefined) record[id] = value;
    }
    return record;
  });

/** The values a view starts from: the plan's prefill, else the field's default. */
function startingValues(fields: FieldIndex['fields'], prefill: Readonly<Record<string, FieldValue>>) {
  const initial: Record<string, FieldValue> = {};
  for (const [id, field] of fields) {
    // An unticked box is an answer ("no"), so it starts as false rather than absent.
    const fallback = field.type === 'checkbox' || field.type === 'consent' ? false : undefined;
    const value = prefill[id] ?? coerceValue(field, field.default) ?? fallback;
    if (value !== undefined) initial[id] = value;
  }
  return initial;
}

/** The answers a submission carries: shown fields only, trimmed, empty ones left out. */
function shownAnswers(fields: FieldIndex['fields'], isShown: (id: string) => boolean, vis: Visibility): Answers {
  const answers: Record<string, FieldValue> = {};
  for (const [id] of fields) {
    if (!isShown(id)) continue; // hidden by a condition, or skipped: not part of this submission
    let value = vis.raw(id);
    if (typeof value === 'string') value = value.trim();
    if (isPresent(value)) answers[id] = typeof value === 'object' ? [...value] : value;
  }
  return answers;
}
