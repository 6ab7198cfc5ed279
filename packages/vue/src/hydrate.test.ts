// The server's HTML hydrated on the client: no hydration mismatch warning, then exactly one form.
import { createCairnPage } from '@cairn/core';
import { renderToString } from 'vue/server-renderer';
import { expect, it, vi } from 'vitest';
import { createSSRApp, h } from 'vue';
import { cairn, CairnForm } from './index.js';

const config = { id: 'hydrate', version: 1, steps: [{ id: 'one', fields: [{ id: 'email', type: 'email' as const, label: 'Email' }] }], submit: { endpoint: '/leads' } };

it('hydrates the server render without a mismatch, then mounts one form', async () => {
  const app = () => createSSRApp(() => h(CairnForm, { config })).use(cairn, { page: createCairnPage({ storage: 'memory' }) });
  const container = document.createElement('div');
  container.innerHTML = await renderToString(app());
  document.body.append(container);
  const warn = vi.spyOn(console, 'warn');
  const error = vi.spyOn(console, 'error');
  const mounted = app();
  mounted.mount(container);
  await vi.waitFor(() => expect(container.querySelector('[data-cairn-form-host]')!.shadowRoot?.querySelectorAll('form')).toHaveLength(1));
  expect(warn).not.toHaveBeenCalled();
  expect(error).not.toHaveBeenCalled();
  mounted.unmount();
  container.remove();
});
