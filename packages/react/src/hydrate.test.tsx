/** @jsxRuntime automatic @jsxImportSource react */
// The server's HTML hydrated on the client: no mismatch warning, then exactly one form.
import { createCairnPage } from '@cairn/core';
import { act } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { expect, it, vi } from 'vitest';
import { CairnForm, CairnProvider } from './index.js';

// (what @testing-library/react sets for its own renders: this test drives React itself)
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const config = { id: 'hydrate', version: 1, steps: [{ id: 'one', fields: [{ id: 'email', type: 'email' as const, label: 'Email' }] }], submit: { endpoint: '/leads' } };

it('hydrates the server render without a mismatch, then mounts one form', async () => {
  const page = createCairnPage({ storage: 'memory' });
  const app = (
    <CairnProvider page={page}>
      <CairnForm config={config} className="signup" />
    </CairnProvider>
  );
  const container = document.createElement('div');
  container.innerHTML = renderToString(app);
  document.body.append(container);
  const errors = vi.spyOn(console, 'error');
  const recoverable = vi.fn();
  const root = await act(async () => hydrateRoot(container, app, { onRecoverableError: recoverable }));
  expect(errors).not.toHaveBeenCalled();
  expect(recoverable).not.toHaveBeenCalled();
  const host = container.querySelector('[data-cairn-form-host]')!;
  expect(host.shadowRoot!.querySelectorAll('form')).toHaveLength(1);
  await act(async () => root.unmount());
  container.remove();
});
