import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { FieldConfig, FormConfig, StepConfig } from '../schema/form-schema.js';
import type { FieldErrors, FormSession, SessionEvents, SessionStatus } from './form-session.js';
import type { Emitter } from './emitter.js';

/** A step's validation: its messages, and whether the visitor may leave it. */
type Checked = { ok: true; errors: FieldErrors } | { ok: false; errors: FieldErrors; firstInvalid: string };

/**
 * The navigation part of a session: the step the visitor is on among the visible ones (the
 * values part's `visibleSteps`) and its fields, moving between steps, and validating a step
 * before leaving it. `visibility` changes with any step's or field's.
 *
 * Returns its members of the session, then `stopAtInvalid` for the submission and `toFirstStep`
 * for "Not you?" (a tuple: see `sessionValues`).
 */
export function sessionNavigation(
  config: FormConfig,
  errors: Signal<FieldErrors>,
  status: ReadonlySignal<SessionStatus>,
  emitter: Emitter<SessionEvents>,
  { visibleSteps }: Pick<FormSession, 'visibleSteps'>,
  visibility: ReadonlySignal<number>,
  shownFields: (step: StepConfig) => FieldConfig[],
  validate: (field: FieldConfig) => string | undefined,
) {
  const firstStep = () => visibleSteps.peek()[0] ?? config.steps[0]!;
  // The step the visitor is on. If an answer hides it (possible only when a step's
  // `when` reads a later field), fall back to the nearest visible step before it.
  const current = signal<StepConfig>(firstStep());
  const currentStep = computed(() => {
    const steps = visibleSteps.value;
    const step = current.value;
    if (steps.includes(step)) return step;
    const at = config.steps.indexOf(step);
    return steps.filter((s) => config.steps.indexOf(s) < at).pop() ?? steps[0] ?? step;
  });
  const stepIndex = computed(() => Math.max(0, visibleSteps.value.indexOf(currentStep.value)));

  /** Validates a step's shown fields in display order; collects messages and the first invalid id. */
  function check(step: StepConfig) {
    const found: Record<string, string> = {};
    let firstInvalid: string | undefined;
    for (const field of shownFields(step)) {
      const message = validate(field);
      if (message === undefined) continue;
      found[field.id] = message;
      firstInvalid ??= field.id;
    }
    return { ok: firstInvalid === undefined, errors: found, firstInvalid } as Checked;
  }

  function goTo(step: StepConfig) {
    if (step === currentStep.peek()) return;
    current.value = step;
    emitter.emit('step', { index: stepIndex.peek(), step });
  }

  const members: Pick<
    FormSession,
    'stepIndex' | 'currentStep' | 'currentFields' | 'isFirstStep' | 'isLastStep' | 'progress' | 'next' | 'back'
  > = {
    stepIndex,
    currentStep,
    currentFields: computed(() => {
      visibility.value;
      return shownFields(currentStep.value);
    }),
    isFirstStep: computed(() => stepIndex.value === 0),
    isLastStep: computed(() => stepIndex.value >= visibleSteps.value.length - 1),
    progress: computed(() => {
      if (status.value === 'submitted') return 1;
      const total = visibleSteps.value.length;
      return total === 0 ? 0 : stepIndex.value / total;
    }),
    next() {
      const step = currentStep.peek();
      const result = check(step);
      errors.value = result.errors;
      if (!result.ok) return result;
      const steps = visibleSteps.peek();
      const following = steps[steps.indexOf(step) + 1];
      if (following) goTo(following);
      return { ok: true };
    },
    back() {
      const steps = visibleSteps.peek();
      const previous = steps[steps.indexOf(currentStep.peek()) - 1];
      if (!previous) return;
      errors.value = {};
      goTo(previous);
    },
  };
  return [
    members,
    // Before a submission: the current step, then (defensively) every visible step in display
    // order; the first with an invalid field is shown, with its messages.
    () => {
      for (const step of [currentStep.peek(), ...visibleSteps.peek()]) {
        const result = check(step);
        if (result.ok) continue;
        batch(() => {
          errors.value = result.errors;
          goTo(step);
        });
        return result;
      }
    },
    () => goTo(firstStep()),
  ] as const;
}
