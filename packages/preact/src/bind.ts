import { checkForm, type CairnPage, type FieldConfig, type FieldValue, type FormConfig, type FormSession, type PageMountOptions, type SessionEvents } from '@cairn/core';
import { effect, untracked } from '@preact/signals-core';
import { h } from 'preact';
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
  /** Fields of these types are the app's own components (see `CustomField`). */
  custom?: {
    types: readonly string[];
    /** Told the shown custom fields, each with its answer and error, whenever one of them changes (`[]` when none). */
    render: (fields: CustomField[]) => void;
  };
}

/**
 * A field the app renders itself: its config, answer and error, and what to call. The app's
 * element for it goes in the host's light DOM with `slot` as its `slot` attribute; the form shows
 * it in that field's place (so it takes the page's styles, not Cairn's).
 */
export interface CustomField {
  field: FieldConfig;
  value: FieldValue | undefined;
  /** The message to show, once validation found one. */
  error: string | undefined;
  /** Store the visitor's answer (`undefined`: unanswered). */
  setValue: (value: FieldValue | undefined) => void;
  /** Check this field now (e.g. when it loses focus) and show or clear its error. */
  validate: () => void;
  slot: string;
}

const FOCUSABLE = 'input,select,textarea,button,[tabindex]';

/**
 * A custom field's place in the form: a `<slot>` named by the field id, so the renderer's focus
 * (an invalid field, a new step's first field: `[name="<id>"]`) reaches the app's control.
 */
function slotFor(field: FieldConfig) {
  const ref = (slot: HTMLSlotElement | null) => {
    if (slot)
      slot.focus = () => {
        for (const element of slot.assignedElements()) {
          const target = element.matches(FOCUSABLE) ? element : element.querySelector(FOCUSABLE);
          if (target) return (target as HTMLElement).focus();
        }
      };
  };
  return h('div', { class: 'cairn-field', key: field.id }, h('slot', { name: field.id, ref }));
}

/** Calls `render` with the shown custom fields whenever one changes; returns how to stop. */
function watchCustom(s: FormSession, own: (f: FieldConfig) => boolean, render: (fields: CustomField[]) => void) {
  const stop = effect(() => {
    const fields = s.currentFields.value.filter(own).map(
      (field): CustomField => ({
        field,
        value: s.fieldValue(field.id).value,
        error: s.errors.value[field.id],
        setValue: (value) => s.set(field.id, value),
        validate: () => s.validateField(field.id),
        slot: field.id,
      }),
    );
    // what the app does with them is not this effect's to track
    untracked(() => render(fields));
  });
  return () => {
    stop();
    render([]);
  };
}

const FORWARDED = ['step', 'change', 'submit', 'queued', 'delivered', 'error'] as const;

const LOAD_TIMEOUT_MS = 10_000;

/** The config's JSON text at `src`, or a `load` error naming the URL (and status). */
async function loadConfig(src: string, signal: AbortSignal): Promise<unknown> {
  const url = new URL(src, document.baseURI).href;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // a server that never answers must not leave an empty placeholder forever
  const late = new Promise<never>((_, reject) => (timer = setTimeout(reject, LOAD_TIMEOUT_MS, Error(`no answer in ${LOAD_TIMEOUT_MS / 1e3} s`))));
  const response = await Promise.race([fetch(url, { signal }), late])
    .catch((error: Error) => {
      throw { kind: 'load', url, message: `could not load ${url} (${error.message})` } satisfies BoundFormError;
    })
    .finally(() => clearTimeout(timer));
  if (!response.ok) throw { kind: 'load', url, status: response.status, message: `${url} answered HTTP ${response.status}` } satisfies BoundFormError;
  return response.text();
}

/**
 * What the React and Vue wrappers do once their element is in the document: load and check the
 * config, mount a session of `page` and render it in a shadow root on `host`, and forward its
 * events; or show a notice and emit `error`. Returns what undoes it (the session destroyed, its
 * listeners with it), safe to call at any point, also before the config has loaded.
 */
export function bindForm(host: Element, { source, page, options, emit, custom }: BindFormOptions): () => void {
  const abort = new AbortController();
  let view: Mounted | undefined;
  let session: FormSession | undefined;
  let stopCustom: (() => void) | undefined;
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
    if (custom) {
      const own = (f: FieldConfig) => f.type != 'hidden' && custom.types.includes(f.type);
      stopCustom = watchCustom(session, own, custom.render);
      view = mountForm(host, session, (f) => (own(f) ? slotFor(f) : undefined));
    } else view = mountForm(host, session);
    emit('ready', { form: checked.form, session });
  };
  start().catch((error: BoundFormError) => abort.signal.aborted || fail(error.kind ? error : { kind: 'load', message: String(error) }));
  return () => {
    abort.abort();
    stopCustom?.();
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
