/** @jsxRuntime automatic @jsxImportSource react */
import type { DeliveryResult, FormConfig, FormSession } from '@cairn/core';
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CairnForm, CairnProvider, useCairnPage } from './index.js';
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
