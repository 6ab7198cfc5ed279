import { createCairnPage, type DeliveryResult, type FormConfig, type FormSession } from '@cairn/core';
import { cleanup, render } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { cairn, CairnForm, useCairnForm, useCairnPage, type CairnFieldProps } from './index.js';

afterEach(() => (cleanup(), vi.unstubAllGlobals()));

const config = (label = 'Email'): FormConfig => ({
  id: 'signup',
  version: 1,
  steps: [
    { id: 'one', fields: [{ id: 'email', type: 'email', label, required: true }] },
    { id: 'two', fields: [{ id: 'company', type: 'text', label: 'Company' }] },
  ],
  submit: { endpoint: 'https://leads.example/in' },
});
const labels = (container: Element) => [...(container.querySelector('[data-cairn-form-host]')?.shadowRoot?.querySelectorAll('label') ?? [])].map((l) => l.textContent?.replace(' *', ''));
const forms = (container: Element) => container.querySelector('[data-cairn-form-host]')?.shadowRoot?.querySelectorAll('form').length ?? 0;
const withPage = () => ({ global: { plugins: [[cairn, { page: createCairnPage({ storage: 'memory' }) }] as never] } });

describe('<CairnForm>', () => {
  it('renders the config in a shadow root and emits every event', async () => {
    const events: string[] = [];
    let session: FormSession | undefined;
    const deliver = vi.fn(async (): Promise<DeliveryResult> => ({ ok: true, status: 201 }));
    const { container } = render(CairnForm, {
      props: {
        config: config(),
        options: { deliver },
        onReady: (d: { session: FormSession }) => ((session = d.session), events.push('ready')),
        onStep: (d: { index: number }) => events.push(`step ${d.index}`),
        onChange: (d: { field: string }) => events.push(`change ${d.field}`),
        onSubmit: (d: { payload: { answers: { email?: unknown } } }) => events.push(`submit ${d.payload.answers.email}`),
        onDelivered: (d: { status?: number }) => events.push(`delivered ${d.status}`),
      },
      ...withPage(),
    });
    await vi.waitFor(() => expect(labels(container)).toEqual(['Email']));
    session!.set('email', 'ada@initech.test');
    session!.next();
    await session!.submit();
    expect(events).toEqual(['ready', 'change email', 'step 1', 'submit ada@initech.test', 'delivered 201']);
  });

  it('queued, and a refused lead as an error naming it', async () => {
    const events: string[] = [];
    for (const answer of [{ ok: true, queued: true, error: { message: 'network error', retryable: true } }, { ok: false, error: { message: 'refused', retryable: false, detail: 'default (POST https://leads.example/in) refused it: HTTP 422' } }] as DeliveryResult[]) {
      let session: FormSession | undefined;
      render(CairnForm, {
        props: {
          config: config(),
          options: { deliver: async () => answer },
          onReady: (d: { session: FormSession }) => (session = d.session),
          onQueued: (d: { error: { message: string } }) => events.push(`queued ${d.error.message}`),
          onError: (d: { kind: string; message: string }) => events.push(`${d.kind}: ${d.message}`),
        },
        ...withPage(),
      });
      await vi.waitFor(() => expect(session).toBeDefined());
      session!.set('email', 'ada@initech.test');
      session!.next();
      await session!.submit();
    }
    expect(events).toEqual(['queued network error', 'delivery: default (POST https://leads.example/in) refused it: HTTP 422']);
  });

  it('a new config remounts (one form); the same content does not; unmounting stops the session', async () => {
    const ready = vi.fn();
    const change = vi.fn();
    const { container, rerender, unmount } = render(CairnForm, { props: { config: config(), onReady: ready, onChange: change }, ...withPage() });
    await vi.waitFor(() => expect(ready).toHaveBeenCalledTimes(1));
    await rerender({ config: config() });
    await nextTick();
    expect(ready).toHaveBeenCalledTimes(1);
    await rerender({ config: config('Work email') });
    await vi.waitFor(() => expect(labels(container)).toEqual(['Work email']));
    expect(ready).toHaveBeenCalledTimes(2);
    expect(forms(container)).toBe(1);
    const last = ready.mock.calls[1]![0].session as FormSession;
    const host = container.querySelector('[data-cairn-form-host]')!;
    unmount();
    expect(host.shadowRoot!.querySelectorAll('*').length).toBe(0);
    last.set('email', 'late@example.test');
    expect(change).not.toHaveBeenCalled();
  });

  it('src: a 404 and a broken config emit error with the URL and status, or the paths', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => (url.endsWith('/broken.json') ? new Response('{"id":"x","version":1,"steps":[]}') : new Response('', { status: 404 }))));
    const errors: unknown[] = [];
    render(CairnForm, { props: { src: '/missing.json', onError: (e: unknown) => errors.push(e) }, ...withPage() });
    render(CairnForm, { props: { src: '/broken.json', onError: (e: unknown) => errors.push(e) }, ...withPage() });
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors).toContainEqual(expect.objectContaining({ kind: 'load', status: 404, message: expect.stringMatching(/missing\.json answered HTTP 404/) }));
    expect(errors).toContainEqual(expect.objectContaining({ kind: 'config', problems: expect.arrayContaining([{ path: 'steps', code: 'too_small' }]) }));
  });
});

describe('<CairnForm> initialValues and profile', () => {
  it('start the session with what the app knows; options give way to them', async () => {
    let session: FormSession | undefined;
    render(CairnForm, {
      props: { config: config(), initialValues: { email: 'ada@initech.test' }, profile: { company: 'Initech' }, options: { initialValues: { email: 'other@example.test' } }, onReady: (d: { session: FormSession }) => (session = d.session) },
      ...withPage(),
    });
    await vi.waitFor(() => expect(session).toBeDefined());
    expect(session!.values.value).toMatchObject({ email: 'ada@initech.test', company: 'Initech' });
  });
});

describe('<CairnForm :fields>: your own component for a field type', () => {
  const planForm: FormConfig = {
    id: 'plans',
    version: 1,
    steps: [
      { id: 'a', fields: [{ id: 'name', type: 'text', label: 'Name' }] },
      { id: 'b', fields: [{ id: 'plan', type: 'select', label: 'Plan', required: true, options: ['Team', 'Scale'] }] },
    ],
    submit: { endpoint: 'https://leads.example/in' },
  };
  /** Plan buttons: a whole field (label, control, error) of the app's own. */
  const PlanPicker = defineComponent({
    props: ['field', 'value', 'error', 'setValue', 'validate'],
    setup: (p: CairnFieldProps) => () =>
      h('div', { role: 'group', 'aria-label': p.field.label }, [
        ...(p.field.options as string[]).map((o) => h('button', { type: 'button', 'aria-pressed': String(p.value === o), onClick: () => p.setValue(o) }, o)),
        p.error ? h('p', { class: 'my-error' }, p.error) : null,
      ]),
  });

  it("renders it in the page DOM in the field's place, on its step, with its answer and error; the lead carries the answer", async () => {
    let session: FormSession | undefined;
    const deliver = vi.fn(async (): Promise<DeliveryResult> => ({ ok: true, status: 201 }));
    const { container, getByRole, unmount } = render(CairnForm, {
      props: { config: planForm, fields: { select: PlanPicker }, options: { deliver }, onReady: (d: { session: FormSession }) => (session = d.session) },
      ...withPage(),
    });
    await vi.waitFor(() => expect(labels(container)).toEqual(['Name']));
    expect(container.querySelector('[slot]')).toBeNull();
    session!.next();
    await nextTick();
    const host = container.querySelector('[data-cairn-form-host]')!;
    expect(host.shadowRoot!.querySelector('slot')?.getAttribute('name')).toBe('plan');
    expect(host.querySelectorAll('[slot="plan"] [role=group]')).toHaveLength(1);

    await session!.submit();
    await nextTick();
    expect(container.querySelector('.my-error')?.textContent).toBe(session!.errors.value.plan);
    getByRole('button', { name: 'Scale' }).click();
    await nextTick();
    expect(getByRole('button', { name: 'Scale' }).getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('.my-error')).toBeNull();
    await session!.submit();
    expect((deliver.mock.calls[0] as unknown as [{ answers: object }])[0].answers).toMatchObject({ plan: 'Scale' });

    unmount();
    expect(container.innerHTML).toBe('');
  });
});

describe('useCairnForm and useCairnPage', () => {
  it('the session state as refs for your own template; the plugin page reaches useCairnPage', async () => {
    const deliver = vi.fn(async (): Promise<DeliveryResult> => ({ ok: true, status: 201 }));
    let api: ReturnType<typeof useCairnPage> | undefined;
    const Mine = defineComponent(() => {
      const { session, state } = useCairnForm(config(), { deliver });
      api = useCairnPage();
      return () =>
        state.value
          ? h('div', [h('p', `step ${state.value.stepIndex}, email ${String(state.value.values.email ?? '')}, error ${state.value.errors.email ?? ''}`), h('button', { onClick: () => session.value!.next() }, 'Next')])
          : h('p', 'loading');
    });
    const { findByText } = render(Mine, withPage());
    (await findByText('Next')).click();
    await findByText(/step 0, email , error .+/);
    expect(await api!.profile()).toEqual({});
  });
});
