import { computed } from '@preact/signals-core';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

/**
 * The renderer's whole binding to signals: runs `read` as a computed signal and
 * re-renders the component when its result changes, so a component reacts only
 * to what it reads. `read` is fixed at mount (like @preact/signals'
 * `useComputed`). This replaces the @preact/signals adapter, which patches
 * Preact's options to track every component and costs ~1.2 KB gzip of the
 * landing page's budget; the state itself is still @preact/signals-core.
 */
export function useSignalValue<T>(read: () => T): T {
  const signal = useMemo(() => computed(read), []);
  const [, rerender] = useState(0);
  const rendered = useRef<T>();
  rendered.current = signal.value;
  // `subscribe` calls back at once and on every change; compare with what was rendered, so a
  // change between render and this effect is not missed and the first call costs nothing.
  useEffect(() => signal.subscribe((value) => value !== rendered.current && rerender((n) => n + 1)), [signal]);
  return rendered.current as T;
}
