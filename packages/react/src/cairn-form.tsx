/** @jsxRuntime automatic @jsxImportSource react */
import type { FormConfig, PageMountOptions } from '@cairn/core';
import { bindForm, type BoundFormError, type BoundFormEvents } from '@cairn/preact/bind';
import { useEffect, useRef, type CSSProperties } from 'react';
import { usePage } from './page-context.js';

/** What went wrong: the config did not load or is not a valid form (not shown), or a lead was not delivered. */
export type CairnFormError = BoundFormError;

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

  useEffect(
    () =>
      bindForm(host.current!, {
        source: configKey === undefined ? { src: latest.current.src ?? '' } : { config: JSON.parse(configKey) },
        page: page(),
        options: latest.current.options,
        // event props are read when the event happens: a new function does not remount
        emit: (event, detail) => (latest.current[prop(event)] as ((d: unknown) => void) | undefined)?.(detail),
      }),
    [configKey, configKey === undefined ? props.src : undefined, page],
  );

  return <div ref={host} className={props.className} style={props.style} data-cairn-form-host="" />;
}
