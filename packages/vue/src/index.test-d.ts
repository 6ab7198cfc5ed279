// Type-checked by `npm run typecheck`, never run: what a TypeScript user of @cairn/vue gets.
import { h } from 'vue';
import { CairnForm, useCairnForm, type FormConfig } from './index.js';

const config = {
  id: 'typed',
  version: 1,
  steps: [{ id: 'one', fields: [{ id: 'email', type: 'email', label: 'Email' }] }],
  submit: { endpoint: '/leads' },
} satisfies FormConfig;

export const ok = h(CairnForm, { config, onSubmit: ({ payload }) => payload.answers.email, onError: (e) => e.message, options: { initialValues: { email: 'a@b.c' } } });

export const wrongType = {
  ...config,
  // @ts-expect-error: not a field type
  steps: [{ id: 'one', fields: [{ id: 'email', type: 'emial', label: 'Email' }] }],
} satisfies FormConfig;

// @ts-expect-error: a delivered event has no `field`
export const wrongDetail = h(CairnForm, { config, onDelivered: (d) => d.field });

export function headless() {
  const { state } = useCairnForm(config);
  // @ts-expect-error: progress is a number
  const progress: string = state.value!.progress;
  return progress;
}
