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
  | 'mount'
  /**
   * IndexedDB is missing, blocked or failing: the form keeps working (nothing is shown in it) and
   * keeps the profile in memory for this page only. At most once per form.
   */
  | 'storage';

export interface CairnErrorEvent {
  kind: CairnErrorKind;
  /** One readable sentence (for `config`: every problem, each with its JSON path). */
  message: string;
  /**
   * `config`: every problem found, with `path`, `code`, `message` and `hint`. (If the wording,
   * cairn-diagnostics.js, could not be loaded: `path` and `code`, and the code as `message`.)
   */
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

export interface Hub {
  on<E extends CairnEventName>(event: E, listener: (detail: CairnEvents[E]) => void): () => void;
  /** Call every listener of `event`; `sticky` remembers the detail for listeners added later. */
  emit<E extends CairnEventName>(event: E, detail: CairnEvents[E], sticky?: boolean): void;
  clear(): void;
}

/** One subscription: its own array, so the same function added twice is called twice and removed once per call. */
type Entry = [event: string, listener: (detail: never) => void];

/**
 * Listeners are host code: one that throws must neither stop the others nor
 * reach back into Cairn (or out into the page as an uncaught error).
 */
export function createHub(report: (error: unknown, event: string) => void): Hub {
  let entries: Entry[] = [];
  const sticky = new Map<string, unknown>();
  const call = (entry: Entry, detail: unknown) => {
    try {
      entry[1](detail as never);
    } catch (error) {
      report(error, entry[0]);
    }
  };
  return {
    on(event, listener) {
      if (typeof listener != 'function') return () => {};
      const entry: Entry = [event, listener];
      entries = [...entries, entry]; // a new array, so an emit under way does not call it
      if (sticky.has(event)) {
        const detail = sticky.get(event);
        queueMicrotask(() => entries.includes(entry) && call(entry, detail));
      }
      return () => void (entries = entries.filter((e) => e != entry));
    },
    emit(event, detail, keep) {
      if (keep) sticky.set(event, detail);
      for (const entry of entries) if (entry[0] == event) call(entry, detail);
    },
    clear() {
      entries = [];
      sticky.clear();
    },
  };
}
