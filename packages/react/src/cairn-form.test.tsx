/** @jsxRuntime automatic @jsxImportSource react */
import type { DeliveryResult, FormConfig, FormSession } from '@cairn/core';
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CairnForm, CairnProvider, useCairnPage, type CairnFieldProps, type CairnFormError } from './index.js';
import { createCairnPage } from '@cairn/core';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const config = (label = 'Email', id = 'signup'): FormConfig => ({
  id,
  version: 1,
  steps: [
    { id: 'one', fields: [{ id: 'email', type: 'email', label, required: true }] },
    { id: 'two', fields: [{ id: 'company', type: 'text', label: 'Company' }] },
  ],
  submit: { endpoint: 'https://leads.example/in' },
});

/** The labels the form shows now, read in its shadow root. */
const labels = (container: HTMLElement) => [...(container.querySelector('[data-cairn-form-host]')?.shadowRoot?.querySelectorAll('label') ?? [])].map((l) => l.textContent?.replace(' *', ''));
const forms = (container: HTMLElement) => container.querySelector('[data-cairn-form-host]')?.shadowRoot?.querySelectorAll('form').length ?? 0;
const page = () => createCairnPage({ storage: 'memory' });

describe('<CairnForm>', () => {
  it('renders the config in a shadow root and calls every event prop', async () => {
    const events: string[] = [];
    let session: FormSession | undefined;
    const deliver = vi.fn(async (): Promise<DeliveryResult> => ({ ok: true, status: 201 }));
    const { container } = render(
      <CairnProvider page={page()}>
        <CairnForm
          config={config()}
          options={{ deliver }}
          onReady={(d) => ((session = d.session), events.push('ready'))}
          onStep={(d) => events.push(`step ${d.index}`)}
          onChange={(d) => events.push(`change ${d.field}`)}
          onSubmit={(d) => events.push(`submit ${d.payload.answers.email}`)}
          onDelivered={(d) => events.push(`delivered ${d.status}`)}
        />
      </CairnProvider>,
    );
    expect(labels(container)).toEqual(['Email']);
    await act(async () => {
      session!.set('email', 'ada@initech.test');
      session!.next();
      await session!.submit();
    });
    expect(events).toEqual(['ready', 'change email', 'step 1', 'submit ada@initech.test', 'delivered 201']);
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('queued and error: a lead kept for later; a refused one', async () => {
    const events: string[] = [];
    const sessions: FormSession[] = [];
    const answers: DeliveryResult[] = [{ ok: true, queued: true, error: { message: 'network error', retryable: true } }, { ok: false, error: { message: 'refused', retryable: false } }];
    for (const answer of answers)
      render(
        <CairnForm config={config()} options={{ deliver: async () => answer, page: page() } as never} onReady={(d) => sessions.push(d.session)} onQueued={(d) => events.push(`queued ${d.error.message}`)} onError={(d) => events.push(`error ${d.kind} ${d.message}`)} />,
      );
    for (const session of sessions)
      await act(async () => {
        session.set('email', 'ada@initech.test');
        session.next();
        await session.submit();
      });
    expect(events).toEqual(['queued network error', 'error delivery refused']);
  });

  it('a new config (by value) remounts: one form, the old session no longer heard; the same content does not', async () => {
    const ready = vi.fn();
    const p = page();
    const { container, rerender } = render(<CairnProvider page={p}><CairnForm config={config()} onReady={ready} /></CairnProvider>);
    rerender(<CairnProvider page={p}><CairnForm config={config()} onReady={ready} /></CairnProvider>);
    expect(ready).toHaveBeenCalledTimes(1);
    rerender(<CairnProvider page={p}><CairnForm config={config('Work email')} onReady={ready} /></CairnProvider>);
    expect(ready).toHaveBeenCalledTimes(2);
    expect(labels(container)).toEqual(['Work email']);
    expect(forms(container)).toBe(1);
  });

  it('initialValues and profile (what the app knows) start the session; options give way to them', async () => {
    let session: FormSession | undefined;
    render(
      <CairnForm
        config={config()}
        initialValues={{ email: 'ada@initech.test' }}
        profile={{ company: 'Initech' }}
        options={{ page: page(), initialValues: { email: 'other@example.test' } } as never}
        onReady={(d) => (session = d.session)}
      />,
    );
    expect(session!.values.value).toMatchObject({ email: 'ada@initech.test', company: 'Initech' });
  });

  it('unmounting removes the form and stops its session', async () => {
    let session: FormSession | undefined;
    const change = vi.fn();
    const { container, unmount } = render(<CairnForm config={config()} options={{ page: page() } as never} onReady={(d) => (session = d.session)} onChange={change} />);
    const host = container.querySelector('[data-cairn-form-host]')!;
    unmount();
    expect(host.shadowRoot!.querySelectorAll('*').length).toBe(0);
    session!.set('email', 'late@example.test');
    expect(change).not.toHaveBeenCalled();
  });

  it('StrictMode (mount, unmount, mount): one form and one set of listeners', async () => {
    const sessions: FormSession[] = [];
    const change = vi.fn();
    const { container } = render(
      <StrictMode>
        <CairnProvider page={page()}>
          <CairnForm config={config()} onReady={(d) => sessions.push(d.session)} onChange={change} />
        </CairnProvider>
      </StrictMode>,
    );
    expect(forms(container)).toBe(1);
    const live = sessions.at(-1)!;
    for (const s of sessions) s.set('email', `${sessions.indexOf(s)}@example.test`);
    expect(change).toHaveBeenCalledTimes(1);
    expect(change).toHaveBeenCalledWith({ field: 'email', value: `${sessions.indexOf(live)}@example.test` });
  });

  it('src: loads the config; a 404 and a broken config call onError with the URL and status, or the paths', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.endsWith('/ok.json') ? new Response(JSON.stringify(config('From src'))) : url.endsWith('/broken.json') ? new Response('{"id":"x","version":1,"steps":[]}') : new Response('', { status: 404 }),
    );
    vi.stubGlobal('fetch', fetch);
    const errors: unknown[] = [];
    const { container } = render(<CairnForm src="/ok.json" options={{ page: page() } as never} />);
    await vi.waitFor(() => expect(labels(container)).toEqual(['From src']));
    render(<CairnForm src="/missing.json" onError={(e) => errors.push(e)} />);
    render(<CairnForm src="/broken.json" onError={(e) => errors.push(e)} />);
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors).toContainEqual(expect.objectContaining({ kind: 'load', status: 404, url: expect.stringMatching(/\/missing\.json$/), message: expect.stringMatching(/missing\.json answered HTTP 404/) }));
    expect(errors).toContainEqual(expect.objectContaining({ kind: 'config', problems: expect.arrayContaining([{ path: 'steps', code: 'too_small' }]) }));
  });
});

describe('<CairnForm fields>: your own component for a field type', () => {
  const planForm: FormConfig = {
    id: 'plans',
    version: 1,
    steps: [
      {
        id: 'one',
        fields: [
          { id: 'email', type: 'email', label: 'Email' },
          { id: 'plan', type: 'select', label: 'Plan', required: true, options: ['Team', 'Scale'] },
        ],
      },
    ],
    submit: { endpoint: 'https://leads.example/in' },
  };
  /** Plan buttons: a whole field (label, control, error) of the app's own. */
  function PlanPicker({ field, value, error, setValue, validate }: CairnFieldProps) {
    return (
      <div role="group" aria-label={field.label}>
        {(field.options as string[]).map((o) => (
          <button key={o} type="button" aria-pressed={value === o} onClick={() => setValue(o)} onBlur={validate}>
            {o}
          </button>
        ))}
        {error && <p className="my-error">{error}</p>}
      </div>
    );
  }

  it("renders it in the page DOM in the field's place, with its answer and error; the lead carries the answer", async () => {
    let session: FormSession | undefined;
    const deliver = vi.fn(async (): Promise<DeliveryResult> => ({ ok: true, status: 201 }));
    const { container, getByRole, getByText } = render(<CairnForm config={planForm} fields={{ select: PlanPicker }} options={{ deliver, page: page() } as never} onReady={(d) => (session = d.session)} />);
    const host = container.querySelector('[data-cairn-form-host]')!;
    // the built-in email field stays in the shadow root; the plan field is a slot for the app's element
    expect(labels(container)).toEqual(['Email']);
    expect(host.shadowRoot!.querySelector('slot')?.getAttribute('name')).toBe('plan');
    expect(host.querySelector('[slot="plan"] [role=group]')?.getAttribute('aria-label')).toBe('Plan');

    await act(async () => void (await session!.submit()));
    expect(getByText(session!.errors.value.plan!).className).toBe('my-error');
    expect(deliver).not.toHaveBeenCalled();

    await act(async () => getByRole('button', { name: 'Scale' }).click());
    expect(getByRole('button', { name: 'Scale' }).getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('.my-error')).toBeNull();
    await act(async () => void (await session!.submit()));
    expect(deliver).toHaveBeenCalledTimes(1);
    expect((deliver.mock.calls[0] as unknown as [{ answers: object }])[0].answers).toMatchObject({ plan: 'Scale' });
  });

  it('is gone with the form on unmount, and only the fields of the current step are rendered', async () => {
    const twoSteps: FormConfig = { ...planForm, steps: [{ id: 'a', fields: [{ id: 'name', type: 'text', label: 'Name' }] }, planForm.steps[0]!] };
    let session: FormSession | undefined;
    const { container, unmount } = render(<CairnForm config={twoSteps} fields={{ select: PlanPicker }} options={{ page: page() } as never} onReady={(d) => (session = d.session)} />);
    expect(container.querySelector('[slot]')).toBeNull();
    await act(async () => void session!.next());
    expect(container.querySelectorAll('[slot="plan"]')).toHaveLength(1);
    const errors = vi.spyOn(console, 'error');
    unmount();
    expect(container.innerHTML).toBe('');
    session!.set('plan', 'Team'); // no longer rendered anywhere, and no React warning
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('<CairnForm src> that never answers', () => {
  it('after 10 s: onError (load, the URL) and a notice, not an empty placeholder forever (issue 14)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      vi.stubGlobal('fetch', () => new Promise(() => {}));
      const errors: CairnFormError[] = [];
      const { container } = render(<CairnForm src="/hang.json" options={{ page: page() } as never} onError={(e) => errors.push(e)} />);
      await vi.advanceTimersByTimeAsync(9_900);
      expect(errors).toEqual([]);
      await vi.advanceTimersByTimeAsync(200);
      expect(errors).toEqual([expect.objectContaining({ kind: 'load', url: expect.stringMatching(/\/hang\.json$/), message: expect.stringMatching(/hang\.json \(no answer in 10 s\)$/) })]);
      expect(container.querySelector('[data-cairn-form-host]')!.shadowRoot!.textContent).toContain('This form could not be shown');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('useCairnPage', () => {
  it('reaches the provider page: consent, track, profile, forget', async () => {
    const p = page();
    const spy = vi.spyOn(p, 'consent');
    let api: ReturnType<typeof useCairnPage> | undefined;
    const Probe = () => ((api = useCairnPage()), null);
    render(<CairnProvider page={p}><Probe /></CairnProvider>);
    await api!.consent(true);
    expect(spy).toHaveBeenCalledWith(true);
    expect(await api!.profile()).toEqual({});
  });
});
