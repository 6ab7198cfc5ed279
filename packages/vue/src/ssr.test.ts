// @vitest-environment node
// A server render: no window, no document. Importing @cairn/vue and rendering <CairnForm> and a
// component using the composables touches no browser API and emits the placeholder to hydrate.
import { renderToString } from 'vue/server-renderer';
import { expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { cairn, CairnForm, useCairnForm, useCairnPage } from './index.js';

const config = { id: 'ssr', version: 1, steps: [{ id: 'one', fields: [{ id: 'email', type: 'email' as const, label: 'Email' }] }], submit: { endpoint: '/leads' } };

it('renders in Node without a DOM: the placeholder, and the composables before any session exists', async () => {
  expect(typeof window).toBe('undefined');
  const Headless = defineComponent(() => {
    const { state } = useCairnForm(config);
    useCairnPage();
    return () => h('p', state.value ? 'mounted' : 'not yet');
  });
  const app = createSSRApp(() => [h(CairnForm, { config }), h(Headless)]).use(cairn);
  expect(await renderToString(app)).toBe('<!--[--><div data-cairn-form-host></div><p>not yet</p><!--]-->');
});
