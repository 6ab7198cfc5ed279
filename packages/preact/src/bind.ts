import { checkForm, type CairnPage, type FormConfig, type FormSession, type PageMountOptions, type SessionEvents } from '@cairn/core';
import { mountForm, renderNotice, type Mounted } from './mount.js';
import { NOT_SHOWN } from './words.js';

// `@cairn/preact/bind`: what the framework wrappers (@cairn/react, @cairn/vue) share, a separate
// entry so nothing of it reaches a bundle that imports only the renderer (cairn.js).

/**
 * What went wrong, for a framework wrapper's error listener: the config did not load (`load`:
 * `url`, `status`) or is not a valid form (`config`: `problems`), and the form is not shown; or a
 * lead was not delivered (`delivery`: `error` as the session reported it, `payload`), `message`
 * naming the request for a developer.
 */
export interface BoundFormError {
  kind: 'load' | 'config' | 'delivery';
  message: string;
  url?: string;
  status?: number;
  problems?: readonly { path: string; code: string }[];
  error?: SessionEvents['error']['error'];
  payload?: SessionEvents['error']['payload'];
}

/** A bound form's events: the session's, `ready` once it is shown, and `error` as `BoundFormError`. */
export interface BoundFormEvents extends Omit<SessionEvents, 'error' | 'notYou'> {
  ready: { form: FormConfig; session: FormSession };
  error: BoundFormError;
}

export interface BindFormOptions {
  /** The config itself, or the URL of its JSON. */
  source: { config: unknown } | { src: string };
  page: CairnPage;
  options?: PageMountOptions;
  /** Told every event; called with the framework's own listeners. */
  emit: <E extends keyof BoundFormEvents>(event: E, detail: BoundFormEvents[E]) => void;
}

const FORWARDED = ['step', 'change', 'submit', 'queued', 'delivered', 'error'] as const;

/** The config's JSON text at `src`, or a `load` error naming the URL (and status). */
async function loadConfig(src: string, signal: AbortSignal): Promise<unknown> {
  const url = new URL(src, document.baseURI).href;
  const response = await fetch(url, { signal }).catch((error: Error) => {
    throw { kind: 'load', url, message: `could not load ${url} (${error.message})` } satisfies BoundFormError;
  });
  if (!response.ok) throw { kind: 'load', url, status: response.status, message: `${url} answered HTTP ${response.status}` } satisfies BoundFormError;
  return response.text();
}

/**
 * What the React and Vue wrappers do once their element is in the document: load and check the
 * config, mount a session of `page` and render it in a shadow root on `host`, and forward its
 * events; or show a notice and emit `error`. Returns what undoes it (the session destroyed, its
 * listeners with it), safe to call at any point, also before the config has loaded.
 */
export function bindForm(host: Element, { source, page, options, emit }: BindFormOptions): () => void {
  const abort = new AbortController();
  let view: Mounted | undefined;
  let session: FormSession | undefined;
  const fail = (error: BoundFormError) => {
    view = renderNotice(host, NOT_SHOWN, error.message);
    emit('error', error);
  };
  const start = async () => {
    const checked = checkForm('config' in source ? source.config : await loadConfig(source.src, abort.signal));
    if (abort.signal.aborted) return;
    if (!checked.ok) {
      const problems = checked.problems.map(({ path, code }) => ({ path, code }));
      return fail({ kind: 'config', problems, message: problems.map((p) => `${p.path || '(root)'}: ${p.code}`).join('; ') });
    }
    session = page.mount(checked.form, options);
    for (const name of FORWARDED)
      session.on(name, (detail) =>
        name == 'error'
          ? emit('error', deliveryError(detail as SessionEvents['error']))
          : (emit as (event: string, detail: unknown) => void)(name, detail),
      );
    view = mountForm(host, session);
    emit('ready', { form: checked.form, session });
  };
  start().catch((error: BoundFormError) => abort.signal.aborted || fail(error.kind ? error : { kind: 'load', message: String(error) }));
  return () => {
    abort.abort();
    view?.unmount();
    session?.destroy();
  };
}

/** A session's delivery error for a developer: the request and status (`detail`) as `message`. */
const deliveryError = ({ error, payload }: SessionEvents['error']): BoundFormError => ({ kind: 'delivery', message: error.detail || error.message, error, payload });

/** What a headless form renders from: the session's state as plain values. */
export interface FormState {
  values: FormSession['values']['value'];
  errors: FormSession['errors']['value'];
  status: FormSession['status']['value'];
  stepIndex: number;
  fields: FormSession['currentFields']['value'];
  isLastStep: boolean;
  progress: number;
}

/** `session`'s state now (reading its signals: inside an `effect`, that subscribes). */
export const formState = (s: FormSession): FormState => ({
  values: s.values.value,
  errors: s.errors.value,
  status: s.status.value,
  stepIndex: s.stepIndex.value,
  fields: s.currentFields.value,
  isLastStep: s.isLastStep.value,
  progress: s.progress.value,
});
