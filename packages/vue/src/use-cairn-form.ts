import type { FormConfig, FormSession, PageMountOptions } from '@cairn/core';
import { effect } from '@preact/signals-core';
import { onBeforeUnmount, onMounted, shallowRef, type ShallowRef } from 'vue';
import { usePage } from './plugin.js';

/** What a headless form renders from: the session's state as plain values. */
export interface CairnFormState {
  values: FormSession['values']['value'];
  errors: FormSession['errors']['value'];
  status: FormSession['status']['value'];
  stepIndex: number;
  fields: FormSession['currentFields']['value'];
  isLastStep: boolean;
  progress: number;
}

/**
 * A form session of the page runtime without the renderer, for your own components: `session`
 * (set, next, back, submit, on…) and `state`, a ref following the session's signals. Both
 * undefined until mounted (never on the server); destroyed with the component.
 */
export function useCairnForm(config: FormConfig, options?: PageMountOptions): { session: ShallowRef<FormSession | undefined>; state: ShallowRef<CairnFormState | undefined> } {
  const page = usePage();
  const session = shallowRef<FormSession>();
  const state = shallowRef<CairnFormState>();
  let dispose: (() => void) | undefined;
  onMounted(() => {
    const s = (session.value = page().mount(config, options));
    const watching = effect(() => {
      state.value = { values: s.values.value, errors: s.errors.value, status: s.status.value, stepIndex: s.stepIndex.value, fields: s.currentFields.value, isLastStep: s.isLastStep.value, progress: s.progress.value };
    });
    dispose = () => (watching(), s.destroy(), (session.value = undefined), (state.value = undefined));
  });
  onBeforeUnmount(() => dispose?.());
  return { session, state };
}
