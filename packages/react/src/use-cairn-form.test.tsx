/** @jsxRuntime automatic @jsxImportSource react */
import { createCairnPage, type DeliveryResult, type FormConfig } from '@cairn/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, expect, it, vi } from 'vitest';
import { CairnProvider, useCairnForm } from './index.js';

afterEach(cleanup);

const config: FormConfig = {
  id: 'headless',
  version: 1,
  steps: [{ id: 'one', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { endpoint: '/leads' },
};

/** Your own form over the session: an input, its error, and the status. */
function MyForm({ deliver }: { deliver: () => Promise<DeliveryResult> }) {
  const { session, state } = useCairnForm(config, { deliver });
  if (!session || !state) return <p>loading</p>;
  return (
    <form onSubmit={(e) => (e.preventDefault(), void session.submit())}>
      <label>
        Email <input value={String(state.values.email ?? '')} onChange={(e) => session.set('email', e.target.value)} />
      </label>
      <output>{state.errors.email ?? ''}</output>
      <p>status: {state.status}</p>
      <button>Send</button>
    </form>
  );
}

it('useCairnForm: the session state as React state — typing, a validation error, the submitted lead', async () => {
  const deliver = vi.fn(async (): Promise<DeliveryResult> => ({ ok: true, status: 201 }));
  render(
    <StrictMode>
      <CairnProvider page={createCairnPage({ storage: 'memory' })}>
        <MyForm deliver={deliver} />
      </CairnProvider>
    </StrictMode>,
  );
  await act(async () => screen.getByText('Send').click());
  expect(screen.getByRole('status').textContent).not.toBe('');
  expect(deliver).not.toHaveBeenCalled();
  await act(async () => {
    const input = screen.getByLabelText('Email') as HTMLInputElement;
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(input, 'ada@initech.test');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ada@initech.test');
  await act(async () => screen.getByText('Send').click());
  await vi.waitFor(() => expect(deliver).toHaveBeenCalledTimes(1));
  expect(screen.getByText(/status:/).textContent).not.toBe('status: editing');
});
