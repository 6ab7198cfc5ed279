import { checkForm, type FormConfig, type FormSession, type PageMountOptions, type SessionEvents } from '@cairn/core';
import { mountForm, renderNotice, type Mounted } from '@cairn/preact';
import { computed, defineComponent, h, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue';
import { usePage } from './plugin.js';

/**
 * What went wrong: the config did not load (`load`: `url`, `status`) or is not a valid form
 * (`config`: `problems`), and the form is not shown; or a lead was not delivered (`delivery`).
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

const FORWARDED = ['step', 'change', 'submit', 'queued', 'delivered', 'error'] as const;

/** A session's delivery error as `error` listeners get it: the developer's words (the request and status) as `message`. */
const deliveryError = ({ error, payload }: SessionEvents['error']): CairnFormError => ({ kind: 'delivery', message: error.detail || error.message, error, payload });

async function loadConfig(src: string, signal: AbortSignal): Promise<unknown> {
  const url = new URL(src, document.baseURI).href;
  const response = await fetch(url, { signal }).catch((error: Error) => {
    throw { kind: 'load', url, message: `could not load ${url} (${error.message})` } satisfies CairnFormError;
  });
  if (!response.ok) throw { kind: 'load', url, status: response.status, message: `${url} answered HTTP ${response.status}` } satisfies CairnFormError;
  return response.text();
}

/**
 * `<CairnForm :config="…" @delivered="…">`: the renderer (@cairn/preact, in a shadow root on this
 * component's element) over a session of the page runtime, mounted in `onMounted` — on the server,
 * and while hydrating, an empty `<div>`. `config` is compared by value; `options` are read when
 * the form mounts. Unmounting destroys the session.
 */
export const CairnForm = defineComponent({
  name: 'CairnForm',
  props: {
    config: Object as PropType<FormConfig>,
    src: String,
    options: Object as PropType<PageMountOptions>,
  },
  emits: {
    ready: (_detail: { form: FormConfig; session: FormSession }) => true,
    step: (_detail: SessionEvents['step']) => true,
    change: (_detail: SessionEvents['change']) => true,
    submit: (_detail: SessionEvents['submit']) => true,
    queued: (_detail: SessionEvents['queued']) => true,
    delivered: (_detail: SessionEvents['delivered']) => true,
    error: (_detail: CairnFormError) => true,
  },
  setup(props, { emit }) {
    const host = ref<HTMLDivElement>();
    const page = usePage();
    const key = computed(() => (props.config ? JSON.stringify(props.config) : `src:${props.src ?? ''}`));
    let stop: (() => void) | undefined;

    const start = () => {
      stop?.();
      const abort = new AbortController();
      let view: Mounted | undefined;
      let session: FormSession | undefined;
      const fail = (error: CairnFormError) => ((view = renderNotice(host.value!, 'This form could not be shown', error.message)), emit('error', error));
      const run = async () => {
        const checked = checkForm(props.config ? JSON.parse(key.value) : await loadConfig(props.src ?? '', abort.signal));
        if (abort.signal.aborted) return;
        if (!checked.ok) {
          const problems = checked.problems.map(({ path, code }) => ({ path, code }));
          return fail({ kind: 'config', problems, message: problems.map((p) => `${p.path || '(root)'}: ${p.code}`).join('; ') });
        }
        session = page().mount(checked.form, props.options);
        for (const name of FORWARDED)
          session.on(name, (detail) => (name == 'error' ? emit('error', deliveryError(detail as SessionEvents['error'])) : (emit as (event: string, detail: unknown) => void)(name, detail)));
        view = mountForm(host.value!, session);
        emit('ready', { form: checked.form, session });
      };
      run().catch((error: CairnFormError) => abort.signal.aborted || fail(error.kind ? error : { kind: 'load', message: String(error) }));
      stop = () => (abort.abort(), view?.unmount(), session?.destroy());
    };

    onMounted(start);
    watch(key, start);
    onBeforeUnmount(() => stop?.());
    return () => h('div', { ref: host, 'data-cairn-form-host': '' });
  },
});
