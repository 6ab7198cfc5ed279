/** @jsxRuntime automatic @jsxImportSource react */
import { checkForm, type FormConfig, type FormSession, type PageMountOptions, type SessionEvents } from '@cairn/core';
import { mountForm, renderNotice, type Mounted } from '@cairn/preact';
import { useEffect, useRef, type CSSProperties } from 'react';
import { usePage } from './page-context.js';

/**
 * What went wrong: the config did not load (`load`: `url`, `status`) or is not a valid form
 * (`config`: `problems`), and the form is not shown; or a lead was not delivered (`delivery`:
 * `error` as the session reported it, `payload`), `message` naming the request for a developer.
 */
export interface CairnFormError {
  kind: 'load' | 'config' | 'delivery';
  message: string;
  url?: string;
  status?: number;
  problems?: readonly { path: string; code: string }[];
  error?: SessionEvents['error']['error'];
  payload?: SessionEvents['error']['payload'];
}

export interface CairnFormProps {
  /** The form config. Compared by value: a new object with the same content does not remount the form. */
  config?: FormConfig;
  /** Or the URL of the form JSON (used when `config` is not given). */
  src?: string;
  /** The session's options: `initialValues`, `profile` (what the app knows), `namespace`, `deliver`, `transports`, `enrich`… Read when the form mounts. */
  options?: PageMountOptions;
  className?: string;
  style?: CSSProperties;
  /** The form is shown, its whole config passed, and it can send. */
  onReady?: (detail: { form: FormConfig; session: FormSession }) => void;
  onStep?: (detail: SessionEvents['step']) => void;
  onChange?: (detail: SessionEvents['change']) => void;
  onSubmit?: (detail: SessionEvents['submit']) => void;
  onQueued?: (detail: SessionEvents['queued']) => void;
  onDelivered?: (detail: SessionEvents['delivered']) => void;
  /** The config did not load or is invalid, or a lead was not delivered. */
  onError?: (detail: CairnFormError) => void;
}

const FORWARDED = { step: 'onStep', change: 'onChange', submit: 'onSubmit', queued: 'onQueued', delivered: 'onDelivered', error: 'onError' } as const;

/** A session's delivery error as `onError` gets it: the developer's words (the request and status) as `message`. */
const deliveryError = ({ error, payload }: SessionEvents['error']): CairnFormError => ({ kind: 'delivery', message: error.detail || error.message, error, payload });

/** The config from `src`, checked: a `CairnFormError` when it cannot be used. */
async function loadConfig(src: string, signal: AbortSignal): Promise<unknown> {
  const url = new URL(src, document.baseURI).href;
  const response = await fetch(url, { signal }).catch((error: Error) => {
    throw { kind: 'load', url, message: `could not load ${url} (${error.message})` } satisfies CairnFormError;
  });
  if (!response.ok) throw { kind: 'load', url, status: response.status, message: `${url} answered HTTP ${response.status}` } satisfies CairnFormError;
  return response.text();
}

/**
 * A Cairn form: the renderer (@cairn/preact, in a shadow root on this component's element) over a
 * session of the page runtime, mounted after render — on the server, and in the first client
 * render that hydrates it, this is an empty `<div>`. Unmounting destroys the session; StrictMode's
 * second mount leaves exactly one.
 */
export function CairnForm(props: CairnFormProps) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const page = usePage();
  const configKey = props.config === undefined ? undefined : JSON.stringify(props.config);

  useEffect(() => {
    const abort = new AbortController();
    const call = (name: keyof typeof FORWARDED | 'ready', detail: never) => (latest.current[name == 'ready' ? 'onReady' : FORWARDED[name]] as ((d: never) => void) | undefined)?.(detail);
    let view: Mounted | undefined;
    let session: FormSession | undefined;
    const fail = (error: CairnFormError) => {
      view = renderNotice(host.current!, 'This form could not be shown', error.message);
      call('error', error as never);
    };
    const start = async () => {
      const checked = checkForm(configKey === undefined ? await loadConfig(latest.current.src ?? '', abort.signal) : JSON.parse(configKey));
      if (abort.signal.aborted) return;
      if (!checked.ok) {
        const problems = checked.problems.map(({ path, code }) => ({ path, code }));
        return fail({ kind: 'config', problems, message: problems.map((p) => `${p.path || '(root)'}: ${p.code}`).join('; ') });
      }
      session = page().mount(checked.form, latest.current.options);
      for (const name of Object.keys(FORWARDED) as (keyof typeof FORWARDED)[])
        session.on(name, (detail) => call(name, (name == 'error' ? deliveryError(detail as SessionEvents['error']) : detail) as never));
      view = mountForm(host.current!, session);
      call('ready', { form: checked.form, session } as never);
    };
    start().catch((error: CairnFormError) => abort.signal.aborted || fail(error.kind ? error : { kind: 'load', message: String(error) }));
    return () => {
      abort.abort();
      view?.unmount();
      session?.destroy(); // its listeners go with it
    };
  }, [configKey, configKey === undefined ? props.src : undefined, page]);

  return <div ref={host} className={props.className} style={props.style} data-cairn-form-host="" />;
}
