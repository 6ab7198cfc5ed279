/**
 * A tiny typed event emitter. A throwing listener belongs to the host page:
 * its error is swallowed so it can neither break the session nor stop the
 * other listeners (and nothing is logged on someone else's page).
 */
export function createEmitter<Events extends object>() {
  type Listener<E extends keyof Events> = (detail: Events[E]) => void;
  const listeners = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on<E extends keyof Events>(event: E, listener: Listener<E>): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function can subscribe twice and unsubscribe each once.
      const entry: Listener<E> = (detail) => listener(detail);
      set.add(entry as Listener<never>);
      return () => void set.delete(entry as Listener<never>);
    },
    emit<E extends keyof Events>(event: E, detail: Events[E]): void {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          (listener as Listener<E>)(detail);
        } catch {
          // see above
        }
      }
    },
    clear(): void {
      listeners.clear();
    },
  };
}

export type Emitter<Events extends object> = ReturnType<typeof createEmitter<Events>>;
