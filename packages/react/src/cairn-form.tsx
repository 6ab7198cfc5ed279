/** @jsxRuntime automatic @jsxImportSource react */
import type { FieldType, FieldValue, FormConfig, HostProfile, PageMountOptions } from '@cairn/core';
import { bindForm, type BoundFormError, type BoundFormEvents, type CustomField } from '@cairn/preact/bind';
import { useEffect, useRef, useState, type ComponentType, type CSSProperties } from 'react';
import { usePage } from './page-context.js';

/** What went wrong: the config did not load or is not a valid form (not shown), or a lead was not delivered. */
export type CairnFormError = BoundFormError;

/** What your own field component gets: the field's config, answer and error, and what to call. */
export type CairnFieldProps = Omit<CustomField, 'slot'>;

export interface CairnFormProps {
  /** The form config. Compared by value: a new object with the same content does not remount the form. */
  config?: FormConfig;
  /** Or the URL of the form JSON (used when `config` is not given). */
  src?: string;
  /** The session's options: `initialValues`, `profile` (what the app knows), `namespace`, `deliver`, `transports`, `enrich`… Read when the form mounts. */
  options?: PageMountOptions;
  /** Answers to start with, by field id (e.g. from the app's state). Read when the form mounts. */
  initialValues?: Readonly<Record<string, FieldValue>>;
  /** What the app already knows about the visitor, by profile key (wins over what the browser remembers). Read when the form mounts. */
  profile?: HostProfile;
  /**
   * Your own components for field types, e.g. `{ select: MyCombobox }`: each renders the whole
   * field (label, control, error) in the page's DOM and styles, in that field's place in the form.
   * The set of types is read when the form mounts.
   */
  fields?: Partial<Record<FieldType, ComponentType<CairnFieldProps>>>;
  className?: string;
  style?: CSSProperties;
  /** The form is shown, its whole config passed, and it can send. */
  onReady?: (detail: BoundFormEvents['ready']) => void;
  onStep?: (detail: BoundFormEvents['step']) => void;
  onChange?: (detail: BoundFormEvents['change']) => void;
  onSubmit?: (detail: BoundFormEvents['submit']) => void;
  onQueued?: (detail: BoundFormEvents['queued']) => void;
  onDelivered?: (detail: BoundFormEvents['delivered']) => void;
  /** The config did not load or is invalid, or a lead was not delivered. */
  onError?: (detail: CairnFormError) => void;
}

/** `ready` → `onReady`, … */
const prop = (event: string) => `on${event[0]!.toUpperCase()}${event.slice(1)}` as keyof CairnFormProps;

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
  const [custom, setCustom] = useState<CustomField[]>([]);
  const types = Object.keys(props.fields ?? {}).sort().join();

  useEffect(() => {
    const { options, initialValues = options?.initialValues, profile = options?.profile } = latest.current;
    return bindForm(host.current!, {
      source: configKey === undefined ? { src: latest.current.src ?? '' } : { config: JSON.parse(configKey) },
      page: page(),
      options: { ...options, initialValues, profile },
      // event props are read when the event happens: a new function does not remount
      emit: (event, detail) => (latest.current[prop(event)] as ((d: unknown) => void) | undefined)?.(detail),
      custom: types ? { types: types.split(','), render: setCustom } : undefined,
    });
  }, [configKey, configKey === undefined ? props.src : undefined, page, types]);

  return (
    <div ref={host} className={props.className} style={props.style} data-cairn-form-host="">
      {custom.map(({ slot, ...field }) => {
        const Field = props.fields?.[field.field.type];
        return (
          Field && (
            <div slot={slot} key={slot}>
              <Field {...field} />
            </div>
          )
        );
      })}
    </div>
  );
}
