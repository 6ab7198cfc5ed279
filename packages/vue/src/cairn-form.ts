import type { FieldType, FieldValue, FormConfig, FormSession, HostProfile, PageMountOptions, SessionEvents } from '@cairn/core';
import { bindForm, type BoundFormError, type CustomField } from '@cairn/preact/bind';
import { computed, defineComponent, h, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Component, type PropType } from 'vue';
import { usePage } from './plugin.js';

/** What went wrong: the config did not load or is not a valid form (not shown), or a lead was not delivered. */
export type CairnFormError = BoundFormError;

/** The props your own field component gets: the field's config, answer and error, and what to call. */
export type CairnFieldProps = Omit<CustomField, 'slot'>;

/**
 * `<CairnForm :config="…" @delivered="…">`: the renderer (@cairn/preact, in a shadow root on this
 * component's element) over a session of the page runtime, mounted in `onMounted` — on the server,
 * and while hydrating, an empty `<div>`. `config` is compared by value; `options` are read when
 * the form mounts. Unmounting destroys the session. `fields` (`{ select: MyCombobox }`): your own
 * components for field types, rendered in the page's DOM in the field's place.
 */
export const CairnForm = defineComponent({
  name: 'CairnForm',
  props: {
    config: Object as PropType<FormConfig>,
    src: String,
    options: Object as PropType<PageMountOptions>,
    fields: Object as PropType<Partial<Record<FieldType, Component>>>,
    /** Answers to start with, by field id. Read when the form mounts. */
    initialValues: Object as PropType<Readonly<Record<string, FieldValue>>>,
    /** What the app already knows about the visitor, by profile key. Read when the form mounts. */
    profile: Object as PropType<HostProfile>,
  },
  emits: {
    ready: (_detail: { form: FormConfig; session: FormSession }) => true,
    step: (_detail: SessionEvents['step']) => true,
    change: (_detail: SessionEvents['change']) => true,
    submit: (_detail: SessionEvents['submit']) => true,
    queued: (_detail: SessionEvents['queued']) => true,
    delivered: (_detail: SessionEvents['delivered']) => true,
    error: (_detail: BoundFormError) => true,
  },
  setup(props, { emit }) {
    const host = ref<HTMLDivElement>();
    const page = usePage();
    const key = computed(() => (props.config ? JSON.stringify(props.config) : `src:${props.src ?? ''}`));
    const types = computed(() => Object.keys(props.fields ?? {}).sort().join());
    const custom = shallowRef<CustomField[]>([]);
    let stop: (() => void) | undefined;
    const start = () => {
      stop?.();
      const { options, initialValues = options?.initialValues, profile = options?.profile } = props;
      stop = bindForm(host.value!, {
        source: props.config ? { config: JSON.parse(key.value) } : { src: props.src ?? '' },
        page: page(),
        options: { ...options, initialValues, profile },
        emit: emit as (event: string, detail: unknown) => void,
        custom: types.value ? { types: types.value.split(','), render: (fields) => (custom.value = fields) } : undefined,
      });
    };

    onMounted(start);
    watch([key, types], start);
    onBeforeUnmount(() => stop?.());
    return () =>
      h(
        'div',
        { ref: host, 'data-cairn-form-host': '' },
        custom.value.map(({ slot, ...field }) => {
          const own = props.fields?.[field.field.type];
          return own && h('div', { slot, key: slot }, [h(own, field)]);
        }),
      );
  },
});
