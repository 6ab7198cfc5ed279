import { signal, type ReadonlySignal, type Signal } from '@preact/signals-core';

/**
 * A signal per field id of what `read(id)` says, made on first asked for (most sessions ask only
 * for the fields on screen), so a reader of one field hears that field's changes alone.
 *
 * Returns the signal of an id (the same one every time); `follow(ids)`, to call after what `read`
 * says of `ids` changed (default: of every id); and `version`, bumped by every `follow`, for what
 * is derived from every id at once. A tuple: see `sessionValues`.
 */
export function signalsById<T>(read: (id: string) => T) {
  const made = new Map<string, Signal<T>>();
  const version = signal(0);
  return [
    (id: string): Signal<T> => {
      let s = made.get(id);
      if (!s) made.set(id, (s = signal(read(id))));
      return s;
    },
    (ids: Iterable<string> = made.keys()) => {
      version.value++;
      for (const id of ids) {
        const s = made.get(id);
        if (s) s.value = read(id);
      }
    },
    version as ReadonlySignal<number>,
  ] as const;
}
