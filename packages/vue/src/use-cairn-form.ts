import type { FormConfig, FormSession, PageMountOptions } from '@cairn/core';
import { formState, type FormState } from '@cairn/preact/bind';
import { effect } from '@preact/signals-core';
import { onBeforeUnmount, onMounted, shallowRef, type ShallowRef } from 'vue';
import { usePage } from './plugin.js';

/** What a headless form renders from: the session's state as plain values. */
export type CairnFormState = FormState;

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
      state.value = formState(s);
    });
    dispose = () => (watching(), s.destroy(), (session.value = undefined), (state.value = undefined));
  });
  onBeforeUnmount(() => dispose?.());
  return { session, state };
}
