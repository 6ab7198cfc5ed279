import { Component, type ComponentChild } from 'preact';
import { computed, type ReadonlySignal } from '@preact/signals-core';

/**
 * The renderer's whole binding to signals: a component whose `read()` (the signals it reads)
 * runs as one computed signal, and which re-renders when that result changes, so a component
 * reacts only to what it reads; `show` renders the result. A tuple counts as changed only when
 * one of its elements did. `read` is fixed at mount (like @preact/signals' `useComputed`).
 *
 * A class over Preact's own `Component`, not hooks: preact/hooks would cost ~0.8 KB gzip of the
 * landing page's budget, and the @preact/signals adapter (which patches Preact's options to
 * track every component) ~1.2 KB; the state itself is still @preact/signals-core.
 */
export abstract class Bound<P, T> extends Component<P> {
  /** What the last render showed. */
  protected now!: T;
  private reading?: ReadonlySignal<T>;
  private stop?: () => void;

  protected abstract read(): T;
  protected abstract show(now: T): ComponentChild;

  override render(): ComponentChild {
    this.reading ??= computed(() => this.read());
    return this.show((this.now = this.reading.value));
  }

  override componentDidMount(): void {
    // `subscribe` calls back at once and on every change: compared with what was rendered, a
    // change between render and mount is not missed, and the first call costs nothing.
    this.stop = this.reading!.subscribe((next) => changed(next, this.now) && this.forceUpdate());
  }

  override componentWillUnmount(): void {
    this.stop?.();
  }
}

const changed = (a: unknown, b: unknown): boolean =>
  a !== b && !(Array.isArray(a) && Array.isArray(b) && a.length == b.length && a.every((x, i) => x === b[i]));

/** Focuses `target` once, when it mounts: for views that replace what had focus. */
export abstract class FocusOnMount<P, E extends HTMLElement> extends Component<P> {
  protected target = { current: null as E | null };

  override componentDidMount(): void {
    this.target.current?.focus();
  }
}
