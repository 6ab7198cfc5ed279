import { computed, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { FieldConfig, FormConfig, StepConfig } from '../schema/form-schema.js';
import type { FieldErrors, FormSession } from './form-session.js';
import type { FieldIndex } from '../compile/compile-form.js';
import type { Visibility } from '../conditions/visibility.js';
import type { ProfilingPlan } from '../profile/plan.js';
import { validateFieldValue } from './validate-field.js';
import { signalsById } from './signals-by-id.js';

/**
 * What the visitor sees of the form, as signals: the steps and fields the visibility engine
 * shows and profiling does not skip, and the messages of the fields validated. `engine` is the
 * values part's engine ("Not you?" starts a new one).
 *
 * Returns its members of the session, then `visibility` (changes with any step's or field's),
 * `isShown`, `shownFields`, `validate`, `setError`, `flip` (after the engine reports changes)
 * and `refresh` (after a new plan or engine). A tuple: see `sessionValues`.
 */
export function sessionVisibility(
  config: FormConfig,
  errors: Signal<FieldErrors>,
  { fields }: FieldIndex,
  plan: ReadonlySignal<ProfilingPlan>,
  engine: () => Visibility,
) {
  /** Shown (by its conditions) and not skipped by profiling. */
  const isShown = (id: string) => engine().isFieldVisible(id) && !plan.value.skip.has(id);
  const validate = (field: FieldConfig) => (isShown(field.id) ? validateFieldValue(field, engine().raw(field.id), config.labels) : undefined);
  // Per-field visibility for isVisible(): a field re-renders only when it flips. `follow` bumps
  // `visibility` (whenever any visibility changes): the step and field lists depend on it.
  const [fieldVisibility, follow, visibility] = signalsById((id) => engine().isFieldVisible(id));

  // Steps with fields, all of them skipped (hidden-type ones need no showing): not shown.
  const dropped = computed(() => {
    const { skip } = plan.value;
    return config.steps.filter((s) => s.fields.some((f) => skip.has(f.id)) && s.fields.every((f) => skip.has(f.id) || f.type === 'hidden'));
  });

  function setError(id: string, message: string | undefined) {
    const now = errors.peek();
    if (now[id] === message) return;
    const next = { ...now };
    if (message === undefined) delete next[id];
    else next[id] = message;
    errors.value = next;
  }

  /** Fields and steps whose visibility changed: lists and per-field signals follow; a field that disappears takes its message with it. */
  function flip(changed: string[]): void {
    if (changed.length > 0) {
      follow(changed);
      for (const id of changed) if (id in errors.peek() && !engine().isFieldVisible(id)) setError(id, undefined);
    }
  }

  const members: Pick<FormSession, 'visibleSteps' | 'setFacts' | 'isVisible' | 'validateField'> = {
    visibleSteps: computed(() => {
      visibility.value;
      const steps = config.steps.filter((s) => engine().isStepVisible(s.id));
      const kept = steps.filter((s) => !dropped.value.includes(s));
      return kept.length ? kept : steps.slice(-1);
    }),
    // A new reader for the facts beyond answers; after "Not you?" (a new start) it must be set again.
    setFacts: (read) => flip(engine().recheck(read)),
    isVisible: (fieldId) => fieldVisibility(fieldId).value && !plan.value.skip.has(fieldId),
    validateField(fieldId) {
      const field = fields.get(fieldId);
      if (!field) return undefined;
      const message = validate(field);
      setError(fieldId, message);
      return message;
    },
  };
  return [
    members,
    visibility,
    isShown,
    /** The fields of a step the visitor sees (hidden-type fields are never seen). */
    (step: StepConfig) => step.fields.filter((f) => f.type !== 'hidden' && isShown(f.id)),
    validate,
    setError,
    flip,
    follow,
  ] as const;
}
