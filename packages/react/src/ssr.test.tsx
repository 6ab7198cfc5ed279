/** @jsxRuntime automatic @jsxImportSource react */
// @vitest-environment node
// A server render: no window, no document. Importing @cairn/react and rendering <CairnForm> and a
// component using the hooks touches no browser API and emits the placeholder the client hydrates.
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { CairnForm, CairnProvider, useCairnForm, useCairnPage } from './index.js';

const config = { id: 'ssr', version: 1, steps: [{ id: 'one', fields: [{ id: 'email', type: 'email' as const, label: 'Email' }] }], submit: { endpoint: '/leads' } };

function Headless() {
  const { state } = useCairnForm(config);
  useCairnPage();
  return <p>{state ? 'mounted' : 'not yet'}</p>;
}

it('renders in Node without a DOM: the placeholder, and the hooks before any session exists', () => {
  expect(typeof window).toBe('undefined');
  const html = renderToString(
    <CairnProvider>
      <CairnForm config={config} className="signup" />
      <Headless />
    </CairnProvider>,
  );
  expect(html).toBe('<div class="signup" data-cairn-form-host=""></div><p>not yet</p>');
});
