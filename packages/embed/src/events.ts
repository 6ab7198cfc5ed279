import type { ConfigError, DeliveryError, FormConfig, FormSession, LeadPayload, SessionEvents } from '@cairn/core';

/** What went wrong, for `error` listeners. The form (or its message) stays on the page either way. */
export type CairnErrorKind =
  /** The config was read but is not a valid form (or not valid JSON): `errors` lists every problem. */
  | 'config'
  /** The config URL could not be loaded: network failure, an HTTP error, or a response that is not JSON. */
  | 'load'
  /** The lead did not reach the endpoint. The visitor sees a "Try again" button. */
  | 'delivery'
  /** The target element was not found, or rendering failed. */
  | 'mount';

export interface CairnErrorEvent {
  kind: CairnErrorKind;
  /** One readable sentence (for `config`: every problem, each with its JSON path). */
  message: string;
  /** `config`: every problem found, with `path`, `code`, `message` and `hint`. */
  errors?: readonly ConfigError[];
  /** `delivery`: the failure as the session reported it. */
  error?: DeliveryError;
  /** `delivery`: the lead that did not arrive (retries reuse its id). */
  payload?: LeadPayload;
  /** `load`: the URL that failed. */
  url?: string;
  /** `load`: the HTTP status, when the server answered. */
  status?: number;
}

export interface CairnEvents extends Omit<SessionEvents, 'error'> {
  /** The form is rendered and can be used. Also delivered to listeners added later. */
  ready: { form: FormConfig; session: FormSession };
  error: CairnErrorEvent;
}

export type CairnEventName = keyof CairnEvents;

type Listener = (detail: never) => void;

export interface Hub {
  on<E extends CairnEventName>(event: E, listener: (detail: CairnEvents[E]) => void): () => void;
  /** Call every listener of `event`; `sticky` remembers the detail for listeners added later. */
  emit<E extends CairnEventName>(event: E, detail: CairnEvents[E], sticky?: boolean): void;
  clear(): void;
}

/**
 * Listeners are host code: one that throws must neither stop the others nor
 * reach back into Cairn (or out into the page as an uncaught error).
 */
export function createHub(report: (error: unknown, event: string) => void): Hub {
  const listeners = new Map<string, Set<Listener>>();
  const sticky = new Map<string, unknown>();
  const call = (listener: Listener, detail: unknown, event: string) => {
    try {
      listener(detail as never);
    } catch (error) {
      report(error, event);
    }
  };
  return {
    on(event, listener) {
      if (typeof listener !== 'function') return () => {};
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrap so the same function added twice is called twice and removed once per call.
      const entry: Listener = (detail) => (listener as Listener)(detail);
      set.add(entry);
      if (sticky.has(event)) {
        const detail = sticky.get(event);
        queueMicrotask(() => set.has(entry) && call(entry, detail, event));
      }
      return () => void set.delete(entry);
    },
    emit(event, detail, keep) {
      if (keep) sticky.set(event, detail);
      for (const listener of [...(listeners.get(event) ?? [])]) call(listener, detail, event);
    },
    clear() {
      listeners.clear();
      sticky.clear();
    },
  };
}
