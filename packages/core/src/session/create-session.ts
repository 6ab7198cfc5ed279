import { batch, computed, signal, type Signal } from '@preact/signals-core';
import type { FieldConfig, FormConfig, StepConfig } from '../schema/form-schema.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { Answers, FieldValue } from '../model/values.js';
import type { Profile, ProfileEntry } from '../profile/profile.js';
import type { AfterChoice } from '../after/choose-after.js';
import type {
  DeliveryResult,
  FieldErrors,
  FormSession,
  SessionEvents,
  SessionOptions,
  SessionServices,
  SessionStatus,
  StepResult,
  SubmitResult,
} from './form-session.js';
import { createVisibility, type Visibility } from '../conditions/visibility.js';
import { planProfiling, type ProfilingPlan } from '../profile/plan.js';
import { isPresent } from '../conditions/evaluate-condition.js';
import { sameValue } from '../conditions/same-value.js';
import { coerceValue } from './coerce-value.js';
import { createEmitter } from './emitter.js';
import { validateFieldValue } from './validate-field.js';
import { DELIVERY_FAILED } from '../model/words.js';
import { indexFields } from '../compile/compile-form.js';

/** `document.cookie` as name → value (raw, as the cookie holds it). */
const readCookies = () => Object.fromEntries((globalThis.document?.cookie ?? '').split(/; */).map((c) => c.split(/=(.*)/)));

/**
 * A form session: the state of one visitor filling one form, as signals, and
 * the commands a renderer calls. See `FormSession` for the contract.
 *
 * `services` are the parts only a submission needs (payload, page facts,
 * delivery). `createForm` supplies the standard ones; the script tag supplies
 * them from a module it loads after the form is interactive, and makes
 * `submit()` wait for it through `beforeSubmit`.
 */
export function createSession(config: FormConfig, options: SessionOptions, services: SessionServices): FormSession {
  const { deliver } = services;
  const clock = options.now ?? (() => new Date());

  // Field id → config, in display order (duplicate ids are a config error; the first wins, everywhere).
  const { fields } = indexFields(config);
  let vis!: Visibility;
  const planFor = (profile: Profile) =>
    planProfiling(config, profile, {
      now: clock(),
      urlParams: options.urlParams ?? Object.fromEntries(new URLSearchParams(globalThis.location?.search)),
      cookies: options.cookies ?? readCookies(),
      initialValues: options.initialValues,
    });
  /** Fields the visitor (or the host, through `set`) gave a value: a profile update never overwrites them. */
  const touched = new Set<string>();
  /** Plans the view for what is known about the visitor and starts the values over from it. */
  const start = (profile: Profile) => {
    const p = planFor(profile);
    touched.clear();
    const initial: Record<string, FieldValue> = {};
    for (const [id, field] of fields) {
      // An unticked box is an answer ("no"), so it starts as false rather than absent.
      const fallback = field.type === 'checkbox' || field.type === 'consent' ? false : undefined;
      const value = p.prefill[id] ?? coerceValue(field, field.default) ?? fallback;
      if (value !== undefined) initial[id] = value;
    }
    vis = createVisibility(config, initial);
    return p;
  };
  const plan = signal(start(options.profile ?? {}));
  /** Shown (by its conditions) and not skipped by profiling. */
  const isShown = (id: string) => vis.isFieldVisible(id) && !plan.value.skip.has(id);
  const emitter = createEmitter<SessionEvents>();

  // Raw values live in `vis`; this record is rebuilt only when read after a change:
  // copying ~200 keys costs ~10 µs, more than the rest of an answer together.
  const valuesVersion = signal(0);
  const values = computed<Readonly<Record<string, FieldValue>>>(() => {
    valuesVersion.value;
    const record: Record<string, FieldValue> = {};
    for (const [id] of fields) {
      const value = vis.raw(id);
      if (value !== undefined) record[id] = value;
    }
    return record;
  });
  // Bumped whenever any visibility changes: the lists below depend on it.
  const visibility = signal(0);
  // Per-field visibility for isVisible(), created on first read: a field re-renders only when it flips.
  const fieldVisibility = new Map<string, Signal<boolean>>();
  const errors = signal<FieldErrors>({});
  const status = signal<SessionStatus>('editing');
  const deliveryError = signal<SessionEvents['error']['error'] | undefined>(undefined);
  const after = signal<AfterChoice | undefined>(undefined);

  // Steps with fields, all of them skipped (hidden-type ones need no showing): not shown.
  const dropped = computed(() => {
    const { skip } = plan.value;
    return config.steps.filter((s) => s.fields.some((f) => skip.has(f.id)) && s.fields.every((f) => skip.has(f.id) || f.type === 'hidden'));
  });
  const visibleSteps = computed(() => {
    visibility.value;
    const steps = config.steps.filter((s) => vis.isStepVisible(s.id));
    const kept = steps.filter((s) => !dropped.value.includes(s));
    return kept.length ? kept : steps.slice(-1);
  });
  // The step the visitor is on. If an answer hides it (possible only when a step's
  // `when` reads a later field), fall back to the nearest visible step before it.
  const current = signal<StepConfig>(visibleSteps.peek()[0] ?? config.steps[0]!);
  const currentStep = computed(() => {
    const steps = visibleSteps.value;
    const step = current.value;
    if (steps.includes(step)) return step;
    const at = config.steps.indexOf(step);
    return steps.filter((s) => config.steps.indexOf(s) < at).pop() ?? steps[0] ?? step;
  });
  const stepIndex = computed(() => Math.max(0, visibleSteps.value.indexOf(currentStep.value)));
  const shownFields = (step: StepConfig) => step.fields.filter((f) => f.type !== 'hidden' && isShown(f.id));
  const currentFields = computed(() => {
    visibility.value;
    return shownFields(currentStep.value);
  });
  const isFirstStep = computed(() => stepIndex.value === 0);
  const isLastStep = computed(() => stepIndex.value >= visibleSteps.value.length - 1);
  const progress = computed(() => {
    if (status.value === 'submitted') return 1;
    const total = visibleSteps.value.length;
    return total === 0 ? 0 : stepIndex.value / total;
  });

  /** The payload of the current submission; kept across failed attempts so retries share its id. */
  let pending: LeadPayload | undefined;
  let inFlight: Promise<SubmitResult> | undefined;
  let delivered: SubmitResult | undefined;
  /** What the latest payload taught the profile (see `SessionOptions.onLearn`). */
  let learned: Profile = {};

  const validate = (field: FieldConfig) => (isShown(field.id) ? validateFieldValue(field, vis.raw(field.id), config.labels) : undefined);

  /** Validates fields in display order; collects messages and the first invalid id. */
  function check(list: readonly FieldConfig[]): { errors: Record<string, string>; firstInvalid?: string } {
    const found: Record<string, string> = {};
    let firstInvalid: string | undefined;
    for (const field of list) {
      const message = validate(field);
      if (message === undefined) continue;
      found[field.id] = message;
      firstInvalid ??= field.id;
    }
    return { errors: found, firstInvalid };
  }

  function setError(id: string, message: string | undefined) {
    const now = errors.peek();
    if (now[id] === message) return;
    const next = { ...now };
    if (message === undefined) delete next[id];
    else next[id] = message;
    errors.value = next;
  }

  function goTo(step: StepConfig) {
    if (step === currentStep.peek()) return;
    current.value = step;
    emitter.emit('step', { index: stepIndex.peek(), step });
  }

  function collectAnswers(): Answers {
    const answers: Record<string, FieldValue> = {};
    for (const [id] of fields) {
      if (!isShown(id)) continue; // hidden by a condition, or skipped: not part of this submission
      let value = vis.raw(id);
      if (typeof value === 'string') value = value.trim();
      if (isPresent(value)) answers[id] = typeof value === 'object' ? [...value] : value;
    }
    return answers;
  }

  /** Entries for the answered fields: new values learned `at`, unchanged remembered ones confirmed. */
  function learn(answers: Answers, page: string, at: string): Profile {
    const { known } = plan.peek();
    const out: Record<string, ProfileEntry> = {};
    const source = { form: config.id, version: config.version, page: page.split(/[?#]/)[0]! };
    for (const id in answers) {
      const field = fields.get(id)!;
      const key = field.profile ?? id;
      const value = answers[id]!;
      const had = known[key];
      // hidden fields are not the visitor's answers, and consent is given per form: they teach nothing
      if (!['hidden', 'consent'].includes(field.type))
        out[key] = had && sameValue(coerceValue(field, had.value), value) ? { ...had, confirmedAt: at } : { value, learnedAt: at, source };
    }
    return out;
  }

  const newPayload = () => {
    const now = clock();
    const answers = collectAnswers();
    const context = services.context();
    learned = learn(answers, context.page, now.toISOString());
    return services.payload({ form: config, answers, profile: { ...plan.peek().known, ...learned }, context, now: () => now, uuid: options.uuid });
  };

  function set(fieldId: string, value: FieldValue | undefined): void {
    const field = fields.get(fieldId);
    if (!field) return;
    const next = coerceValue(field, value);
    if (sameValue(vis.raw(fieldId), next)) return;
    touched.add(fieldId);
    apply(field, next);
    // Changed answers are a new submission: a retry must not resend the old ones under the old id.
    if (status.peek() !== 'submitted') pending = undefined;
    emitter.emit('change', { field: fieldId, value: next });
  }

  /** Store a (coerced, changed) value and update what depends on it. */
  function apply(field: FieldConfig, next: FieldValue | undefined): void {
    const fieldId = field.id;
    batch(() => {
      flip(vis.set(fieldId, next));
      valuesVersion.value++;
      // Fixing a field clears its message.
      if (fieldId in errors.peek()) setError(fieldId, validate(field));
    });
  }

  /** Fields and steps whose visibility changed: lists and per-field signals follow; a field that disappears takes its message with it. */
  function flip(changed: string[]): void {
    if (changed.length > 0) {
      visibility.value++;
      for (const id of changed) {
        const s = fieldVisibility.get(id);
        if (s) s.value = vis.isFieldVisible(id);
        if (id in errors.peek() && !vis.isFieldVisible(id)) setError(id, undefined);
      }
    }
  }

  function updateProfile(profile: Profile, how: { initial?: boolean } = {}): void {
    if (status.peek() === 'submitted') return;
    const before = plan.peek();
    const p = planFor(profile);
    // The profile the view should have been planned from, read after the first render: while the
    // visitor has answered nothing (still on the first step), the view is planned from it afresh.
    const afresh = how.initial && touched.size === 0 && status.peek() === 'editing' && stepIndex.peek() === 0;
    // Fields in front of the visitor stay put: nothing vanishes under their cursor.
    const onScreen = new Set(currentFields.peek().map((f) => f.id));
    const skip = new Set(before.skip);
    for (const id of p.fresh) if (p.skip.has(id) && !touched.has(id) && !onScreen.has(id)) skip.add(id);
    batch(() => {
      for (const [id, field] of fields) {
        const value = p.prefill[id];
        if (value !== undefined && !touched.has(id) && !sameValue(vis.raw(id), value)) apply(field, value);
      }
      // Only ever shorter: a view keeps the fields it planned to ask, and its welcome back.
      replan(afresh ? p : { ...p, skip, allKnown: before.allKnown });
    });
  }

  /** A new plan: every list and per-field visibility follows. */
  function replan(next: ProfilingPlan): void {
    plan.value = next;
    valuesVersion.value++;
    visibility.value++;
    for (const [id, s] of fieldVisibility) s.value = vis.isFieldVisible(id);
  }

  function next(): StepResult {
    const step = currentStep.peek();
    const result = check(shownFields(step));
    errors.value = result.errors;
    if (result.firstInvalid !== undefined) return { ok: false, errors: result.errors, firstInvalid: result.firstInvalid };
    const steps = visibleSteps.peek();
    const following = steps[steps.indexOf(step) + 1];
    if (following) goTo(following);
    return { ok: true };
  }

  function back(): void {
    const steps = visibleSteps.peek();
    const previous = steps[steps.indexOf(currentStep.peek()) - 1];
    if (!previous) return;
    errors.value = {};
    goTo(previous);
  }

  function submit(): Promise<SubmitResult> {
    if (inFlight) return inFlight;
    if (delivered) return Promise.resolve(delivered); // already delivered: never send twice

    // The last step first, then (defensively) every visible step, in display order.
    for (const step of [currentStep.peek(), ...visibleSteps.peek()]) {
      const result = check(shownFields(step));
      if (result.firstInvalid === undefined) continue;
      batch(() => {
        errors.value = result.errors;
        goTo(step);
      });
      return Promise.resolve({ ok: false, reason: 'invalid', errors: result.errors, firstInvalid: result.firstInvalid });
    }

    batch(() => {
      errors.value = {};
      status.value = 'submitting';
      deliveryError.value = undefined;
    });

    const attempt = async (): Promise<SubmitResult> => {
      let payload: LeadPayload | undefined;
      let outcome: DeliveryResult;
      try {
        // Without a hook nothing is awaited here, so `submit` is emitted before submit() returns.
        if (services.beforeSubmit) await services.beforeSubmit();
        if (!pending) {
          pending = newPayload();
          try {
            options.onLearn?.(learned);
          } catch {
            // the host's bug must not stop the submission
          }
        }
        payload = pending;
        emitter.emit('submit', { payload });
        outcome = await deliver(payload, config);
      } catch {
        // A custom `deliver` should not throw, and a failed `beforeSubmit` (the script tag could
        // not load what sends the lead) is worth another try: either way, a failed attempt.
        outcome = { ok: false, error: { message: DELIVERY_FAILED, retryable: true } };
      }
      if (outcome.ok) {
        batch(() => {
          after.value = services.after?.(payload!);
          status.value = 'submitted';
        });
        delivered = { ok: true, payload: payload! };
        if ('queued' in outcome) emitter.emit('queued', { payload: payload!, error: outcome.error });
        else emitter.emit('delivered', { payload: payload!, status: outcome.status });
        return delivered;
      }
      batch(() => {
        status.value = 'failed';
        deliveryError.value = outcome.error;
      });
      emitter.emit('error', { kind: 'delivery', error: outcome.error, payload });
      return { ok: false, reason: 'delivery', error: outcome.error, payload };
    };
    const promise = attempt().finally(() => {
      inFlight = undefined;
    });
    inFlight = promise;
    return promise;
  }

  return {
    config,
    values,
    visibleSteps,
    stepIndex,
    currentStep,
    currentFields,
    isFirstStep,
    isLastStep,
    progress,
    errors,
    status,
    deliveryError,
    skipped: computed(() => plan.value.skip),
    welcomeBack: computed(() => plan.value.allKnown),
    known: computed(() => plan.value.known),
    after,
    // A new reader for the facts beyond answers; after "Not you?" (a new start) it must be set again.
    setFacts: (read) => flip(vis.recheck(read)),
    isVisible(fieldId) {
      let s = fieldVisibility.get(fieldId);
      if (!s) fieldVisibility.set(fieldId, (s = signal(vis.isFieldVisible(fieldId))));
      return s.value && !plan.value.skip.has(fieldId);
    },
    set,
    validateField(fieldId) {
      const field = fields.get(fieldId);
      if (!field) return undefined;
      const message = validate(field);
      setError(fieldId, message);
      return message;
    },
    next,
    back,
    submit,
    updateProfile,
    notYou() {
      batch(() => {
        replan(start({}));
        errors.value = {};
        // a failed delivery was someone else's lead: the new visitor starts from a clean slate
        if (status.peek() === 'failed') status.value = 'editing';
        deliveryError.value = undefined;
        goTo(visibleSteps.peek()[0] ?? config.steps[0]!);
      });
      pending = undefined;
      emitter.emit('notYou', {});
    },
    buildPayload: () => pending ?? newPayload(),
    on: emitter.on,
    destroy: emitter.clear,
  };
}
