import type { FormConfig, FormSession, PageMountOptions } from '@cairn/core';
import { formState, type FormState } from '@cairn/preact/bind';
import { effect } from '@preact/signals-core';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { usePage } from './page-context.js';

/** What a headless form renders from: the session's state as plain values. */
export type CairnFormState = FormState;


/**
 * A form session of the page runtime without the renderer, for your own components: `session`
 * (set, next, back, submit, on…) and `state`, React state that follows the session's signals
 * (`useSyncExternalStore`). Both undefined until mounted (never on the server). `config` is
 * compared by value; `options` are read when the session is created.
 */
export function useCairnForm(config: FormConfig, options?: PageMountOptions): { session?: FormSession; state?: CairnFormState } {
  const page = usePage();
  const [session, setSession] = useState<FormSession>();
  const key = JSON.stringify(config);
  useEffect(() => {
    const created = page().mount(JSON.parse(key), options);
    setSession(created);
    return () => {
      created.destroy();
      setSession(undefined);
    };
    // options are read once per session, like CairnForm's
  }, [key, page]);
  const subscribe = useCallback((changed: () => void) => (session ? watch(session, changed) : () => {}), [session]);
  const snapshot = useCallback(() => (session ? current(session) : undefined), [session]);
  const state = useSyncExternalStore(subscribe, snapshot, () => undefined);
  return { session, state };
}

/** The last snapshot per session: the same object until a signal it reads changes (useSyncExternalStore needs that). */
const snapshots = new WeakMap<FormSession, CairnFormState>();
const current = (s: FormSession) => snapshots.get(s) ?? (snapshots.set(s, formState(s)), snapshots.get(s)!);

function watch(s: FormSession, changed: () => void): () => void {
  let first = true;
  return effect(() => {
    const next = formState(s); // (reading the signals is what subscribes)
    if (first && snapshots.has(s)) return void (first = false);
    first = false;
    snapshots.set(s, next);
    changed();
  });
}
