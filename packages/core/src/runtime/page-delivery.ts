/**
 * Durable delivery for a page, as a small front for the engine part (`page-engine.ts`: the
 * delivery engine, the lead's score, the view after it), which it loads only when a lead may come:
 * when the page runtime says so (`start`: the visitor's focus entered a form or they answered, so
 * by their click the click's own task writes the lead; `ready`: a form that scores live, or a lead
 * about to be built), when a lead is delivered, or when the outbox of an earlier page exists
 * (`wake`). A page whose visitor reads and leaves downloads none of it (the script tag:
 * `cairn-page-engine.js`, beside cairn-later.js). `createCairnPage` hands the part in, bundled.
 */
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FormConfig } from '../schema/form-schema.js';
import { DELIVERY_FAILED } from '../model/words.js';
import { outboxExists } from '../delivery/outbox-exists.js';
import type { DeliveryResult } from '../session/form-session.js';
import type { DeliveryListener, DeliveryOptions, EngineDelivery } from './page-engine.js';
import type { PageState } from './page-state.js';

export type { DeliveryListener, DeliveryOptions } from './page-engine.js';

/** The engine part: the delivery engine, and the score and `after` view of a built lead. */
export type EngineModule = typeof import('./page-engine.js');

export interface PageDelivery {
  /** The engine part, once loaded (at once when it was handed in): what a built lead needs. */
  lead(): EngineModule | undefined;
  /** Loads (once) and starts the engine part; rejects when it cannot be loaded. */
  ready(): Promise<EngineModule>;
  /** A lead may come (the visitor answered): load and start the engine now. Never rejects. */
  start(): void;
  /** Send what earlier pages left: starts the engine only where the outbox exists. Never rejects. */
  wake(): void;
  /** The session's `deliver`: stored, then tried once per destination; later news goes to `listener`. Never rejects. */
  deliver(payload: LeadPayload, form: FormConfig, options: DeliveryOptions, listener: DeliveryListener): Promise<DeliveryResult>;
  /** A partial lead: to the outbox and every destination, nobody waits. Never rejects. */
  deliverPartial(payload: LeadPayload, form: FormConfig, options: DeliveryOptions): Promise<void>;
  /** `forget()`: leads that will never be sent are erased (pending ones are still delivered). */
  dropDeadLetters(): Promise<void>;
  /** `pagehide`, dispatched right before the last-chance requests (partial leads made on leaving are among them). */
  readonly leaving: EventTarget;
}

/**
 * `persistent` false: the outbox lives in memory (leads are retried only while the page is open).
 * `load`: how to load the engine part, or the part itself (`createCairnPage` bundles it: an app's
 * `buildPayload()` works the moment a form is mounted).
 */
export type EnginePart = EngineModule | (() => Promise<EngineModule>);

/**
 * `load`: the engine part itself (bundled: npm) or how to load it (the script tag's
 * `@cairn/core/page-runtime` entry). Never a default `import()` here: an app bundling
 * `createCairnPage` would be warned that the import cannot split the statically bundled part.
 */
export function createPageDelivery(state: PageState, persistent: boolean, load: EnginePart): PageDelivery {
  const leaving = new EventTarget();
  let part: Promise<EngineDelivery> | undefined;
  /** The module once loaded (`lead()`), and its engine: then called synchronously (a lead's outbox write starts in the click's own task). */
  let module: EngineModule | undefined;
  let loaded: EngineDelivery | undefined;
  const take = (m: EngineModule) => ((module = m), (loaded = m.createEngineDelivery(state, persistent, leaving)));
  if (typeof load != 'function') take(load);
  /** The engine part, loaded once; a failed load is forgotten, so the next lead tries again (a visitor back online). */
  const engine = () => {
    const loading = (part ??= (load as () => Promise<EngineModule>)().then(take));
    loading.catch(() => part == loading && (part = undefined));
    return loading;
  };
  const warn = (what: string) => (error: unknown) => state.warn(`${what}: ${(error as Error)?.message ?? String(error)}`);
  /** `use` with the started engine: in this task when it is loaded (an async function runs up to its first `await`), else once it is. */
  const withEngine = async <T>(use: (e: EngineDelivery) => T | Promise<T>): Promise<T> => {
    const e = loaded ?? (await engine());
    e.start();
    return use(e);
  };
  return {
    leaving,
    lead: () => module,
    ready: () => withEngine(() => module!),
    start: () => void withEngine(() => {}).catch(warn('could not load the delivery engine')),
    // a memory outbox holds nothing from earlier pages
    wake: () => void (persistent && outboxExists().then((some) => (some ? withEngine(() => {}) : undefined)).catch(warn('could not load the delivery engine'))),
    deliver: (payload, form, options, listener) =>
      withEngine((e) => e.deliver(payload, form, options, listener)).catch((error) => {
        // nothing was stored: the visitor is told, and may try again; the console says why
        warn('could not load the delivery engine')(error);
        return { ok: false, error: { message: DELIVERY_FAILED, retryable: true } };
      }),
    deliverPartial: (payload, form, options) => withEngine((e) => e.deliverPartial(payload, form, options)).catch(warn('could not send a partial lead')),
    async dropDeadLetters() {
      // only an outbox that exists (listing creates it); where that cannot be known (no databases()), only this page's engine's: forget starts nothing
      if (!loaded && !part && !(persistent && (await outboxExists(false)))) return;
      await (loaded ?? (await engine())).dropDeadLetters();
    },
  };
}
