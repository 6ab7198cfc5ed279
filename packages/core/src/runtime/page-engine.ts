/**
 * The delivery engine of a page (`page-delivery.ts` loads it on demand: a page whose visitor never
 * starts a lead and whose outbox holds none never downloads it): the IndexedDB outbox
 * (`cairn-outbox`), retries with backoff while the page lives, on `online`, when the tab becomes
 * visible again, one last request on `pagehide`, and on the next page of the site that starts it.
 * One tab flushes at a time (Web Locks). With it, what a lead needs once it is built: its
 * provisional score (`withLeadScore`), the view after it (`afterFor`), and live scoring for a form
 * whose conditions read the score (the page loads this module at connect for such a form).
 */
import { createDeliveryEngine, type DeliveryEngine, type DeliveryEvent } from '../delivery/delivery-engine.js';
import { destinationsOf } from '../delivery/destinations-of.js';
import { mayReceive } from '../delivery/partial-destinations.js';
import { createIdbOutbox } from '../delivery/idb-outbox.js';
import { createLastChanceSender } from '../delivery/last-chance.js';
import { createMemoryOutbox } from '../delivery/memory-outbox.js';
import { isDeadLetter, type OutboxEntry } from '../delivery/outbox-entry.js';
import { requestFor } from '../delivery/transport.js';
import { DELIVERY_REFUSED, deliveryResultOf } from '../delivery/outbox-deliver.js';
import { DELIVERY_NOT_SAVED } from '../model/words.js';
import type { Outbox } from '../delivery/outbox.js';
import type { CustomTransport } from '../delivery/custom-transport.js';
import type { DestinationConfig } from '../delivery/destination.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { DeliveryError, DeliveryResult } from '../session/form-session.js';
import { outboxExists } from '../delivery/outbox-exists.js';
import { enrichPayload, type EnrichHook } from './enrich.js';
import { onIdle } from './idle.js';
import type { PageState } from './page-state.js';

// What a built lead needs besides delivery (see above): carried by this part, not by cairn-later.js.
export { scoreLive, withLeadScore } from '../scoring/live-score.js';
export { afterFor } from '../after/after-for.js';

/** What delivery reads of a mount's options. */
export interface DeliveryOptions {
  /** The functions `custom` destinations of `submit.destinations` name. */
  transports?: Readonly<Record<string, CustomTransport<DestinationConfig>>>;
  /** Adds `payload.enrichment` before the lead is sent (fails open). Wins over `submit.enrich.url`. */
  enrich?: EnrichHook;
  /** Names the form in console messages, e.g. `<div id="demo" data-cairn-form="…">`. */
  label?: string;
}

/** What happens to a lead after the visitor's part is done. */
export interface DeliveryListener {
  /** A queued lead arrived at last. */
  delivered(payload: LeadPayload): void;
  /** A destination refused the lead (not retried). */
  refused(error: DeliveryError, payload: LeadPayload): void;
  /** The browser refuses the page its request to a destination (CORS): the lead is kept and retried, but cannot arrive until the endpoint allows it. */
  blocked?(error: DeliveryError, payload: LeadPayload): void;
  /** The outbox fell back to memory: this lead survives only while the page is open. */
  storage(message: string, payload: LeadPayload): void;
  /** Every engine event about this lead. */
  event?(event: DeliveryEvent): void;
}

/** The engine part of `PageDelivery`: the same members, started synchronously. */
export interface EngineDelivery {
  /** Start the engine (once): flush what earlier pages left, keep flushing on `online`, shown, `pageshow`. */
  start(): DeliveryEngine;
  deliver(payload: LeadPayload, form: FormConfig, options: DeliveryOptions, listener: DeliveryListener): Promise<DeliveryResult>;
  deliverPartial(payload: LeadPayload, form: FormConfig, options: DeliveryOptions): Promise<void>;
  dropDeadLetters(): Promise<void>;
}

const background = (event: DeliveryEvent) =>
  event.type == 'dead'
    ? { kind: 'delivery', message: `a lead (${event.id}) was not accepted by ${event.destination}: ${event.error.message}`, id: event.id, status: event.error.status }
    : event.type == 'blocked'
      ? { kind: 'delivery', message: blockedMessage(event), id: event.id, url: event.url }
      : { id: event.id };

/** What a `blocked` event says to a developer: the endpoint, what is wrong, and that nothing is lost. */
const blockedMessage = (event: Extract<DeliveryEvent, { type: 'blocked' }>) =>
  `${event.url}: ${event.message}. The lead is kept in the outbox and retried; it arrives once this is fixed.`;

/** `POST https://…` for a destination of `form` (its id when no request can be built): what a developer looks for. */
function requestLine(form: FormConfig, destination: string, payload: LeadPayload): string {
  const config = destinationsOf(form.submit).find((d) => d.id == destination);
  const built = config && requestFor({ id: payload.id, payload } as OutboxEntry, config);
  return built?.ok ? `${destination} (${built.request.method} ${built.request.url})` : destination;
}

/** What `deliverLead` needs of its page's delivery. */
interface LeadDeliveryContext {
  start(): DeliveryEngine;
  /** Lead id → the form that submitted it on this page, told how its delivery goes. */
  owners: Map<string, (event: DeliveryEvent) => void>;
  persistent: boolean;
  /** Run by the engine after the lead is stored, before its first request (enrichment). */
  prepare(payload: LeadPayload): Promise<LeadPayload>;
}

/**
 * Every destination has it: delivered. Some still pending (a network error, a timeout, 5xx,
 * 429…): queued — the visitor is done, the engine keeps trying and `listener` hears
 * `delivered` (or `refused`) later. Every destination refused it (a 4xx other than
 * 408/425/429): failed, not retryable.
 */
async function deliverLead(page: LeadDeliveryContext, payload: LeadPayload, form: FormConfig, options: DeliveryOptions, listener: DeliveryListener): Promise<DeliveryResult> {
  const where = options.label ?? 'a form';
  const refused = (destination: string, error: DeliveryError) => {
    const e = { ...error, message: `${requestLine(form, destination, payload)} refused it: ${error.message}`, retryable: false };
    console.error(`Cairn could not deliver a lead from ${where}: ${e.message}`);
    listener.refused(e, payload);
  };
  // After the visitor's part: the queued lead arrives, or a destination refuses it.
  let later = false;
  let status: number | undefined;
  page.owners.set(payload.id, (event) => {
    listener.event?.(event);
    if (event.type == 'destination-delivered') status = event.status;
    if (event.type == 'blocked') {
      const message = blockedMessage(event);
      console.error(`Cairn cannot deliver leads from ${where} to ${message}`);
      listener.blocked?.({ message, retryable: true }, payload);
    }
    if (!later) return;
    if (event.type == 'delivered') listener.delivered(payload);
    if (event.type == 'dead') refused(event.destination, { ...event.error, retryable: false });
  });
  // Stored first, then enriched (failing open): a tab closed meanwhile loses nothing; every attempt sends the stored payload.
  const { entry, durable } = await page.start().deliverNow(payload, destinationsOf(form.submit), page.prepare);
  if (!durable && page.persistent) listener.storage('IndexedDB is unavailable: this lead is kept in memory and retried only while the page is open', payload);
  later = true;
  const result = deliveryResultOf(entry, status);
  const states = Object.entries(entry.destinations);
  if (!result.ok) {
    page.owners.delete(payload.id);
    const detail = states.map(([destination, s]) => `${requestLine(form, destination, payload)} refused it: ${s.lastError?.message ?? DELIVERY_REFUSED}`).join('; ');
    return { ...result, error: { ...result.error, detail } };
  }
  // Some destination has it or will: the visitor is done. One that refused it is an error for the site.
  for (const [destination, s] of states)
    if (s.status == 'dead') refused(destination, { message: s.lastError?.message ?? DELIVERY_REFUSED, status: s.lastError?.status, retryable: false });
  if ('queued' in result && !durable && page.persistent) {
    // Kept only in this page's memory (the engine still retries it while the page is open, and
    // tries it on pagehide): never "Thank you" for a lead a closed tab would lose.
    console.warn(`Cairn: a lead from ${where} is not delivered yet and is kept in this page's memory only: ${result.error.message}`);
    return { ok: false, error: { message: DELIVERY_NOT_SAVED, retryable: true, detail: `${result.error.message}; IndexedDB is unavailable, so the lead is only in this page's memory` } };
  }
  if ('queued' in result) {
    console.warn(`Cairn: a lead from ${where} is kept in the outbox and will be retried: ${result.error.message}`);
    return result;
  }
  page.owners.delete(payload.id);
  return result;
}

/**
 * `persistent` false: the outbox lives in memory (leads are retried only while the page is open).
 * `leaving` is the facade's (`PageDelivery.leaving`): dispatched on `pagehide` before the last-chance requests.
 */
export function createEngineDelivery(state: PageState, persistent: boolean, leaving: EventTarget): EngineDelivery {
  /** Functions named by `custom` destinations, from every mount's `transports`. Shared by the page's engine. */
  const custom: Record<string, CustomTransport<DestinationConfig>> = {};
  /** Lead id → the form that submitted it on this page, told how its delivery goes. */
  const owners = new Map<string, (event: DeliveryEvent) => void>();
  let engine: DeliveryEngine | undefined;
  let box: Outbox | undefined;

  const start = (): DeliveryEngine => {
    if (engine) return engine;
    // The lead's context reads the timezone; the first Intl call in a page costs ~15 ms, which
    // would otherwise sit between the click and the outbox write (a tab killed then loses the lead).
    // In idle time: in this task (the later chunk's first) it would block the visitor's first keystroke.
    onIdle(() => {
      try {
        Intl.DateTimeFormat().resolvedOptions();
      } catch {
        /* read again (and handled) when the lead is built */
      }
    });
    const lastChance = createLastChanceSender();
    // In a browser always the IndexedDB outbox (it falls back to memory, and says so, where IndexedDB
    // fails); memory where there is no page at all (Node, a server render).
    const outbox = (box = persistent && globalThis.document ? createIdbOutbox({ onProblem: ({ message }) => state.warn(message) }) : createMemoryOutbox());
    const e = (engine = createDeliveryEngine({
      outbox,
      custom,
      lastChance,
      onEvent: (event) => {
        const owner = owners.get(event.id);
        if (event.type == 'delivered' || event.type == 'dead') owners.delete(event.id);
        if (owner) return owner(event);
        // A lead an earlier page submitted: there is no form to tell, so the document hears of it.
        if (event.type == 'delivered' || event.type == 'dead' || event.type == 'blocked')
          globalThis.document?.dispatchEvent(new CustomEvent('cairn:' + (event.type == 'delivered' ? 'delivered' : 'error'), { detail: background(event) }));
      },
    }));
    if (typeof addEventListener != 'function' || !globalThis.document) return e;
    // An outbox that exists is opened now, also when another tab does the flushing: a lead
    // submitted here is then written in the click's own task, before the tab can be closed.
    const flush = () => void outboxExists().then((some) => void (some && (outbox.get(''), e.flush(true))));
    addEventListener('online', flush);
    document.addEventListener('visibilitychange', () => document.hidden || flush());
    addEventListener('pagehide', () => {
      // first what leaving makes (partial leads), then one last request for every lead of this page
      leaving.dispatchEvent(new Event('pagehide'));
      e.lastChance();
    });
    // back from the back/forward cache: the beacons of the last pagehide are long gone
    addEventListener('pageshow', (event) => (event as PageTransitionEvent).persisted && (lastChance.reset(), flush()));
    flush();
    return e;
  };

  /** The lead enriched (in place, once; failing open). */
  const enrich = (payload: LeadPayload, form: FormConfig, options: DeliveryOptions) => enrichPayload(payload, form, options.enrich, { onProblem: state.warn });

  return {
    start,

    async dropDeadLetters() {
      // only an outbox that exists (listing creates it); where that cannot be known (no databases()), only this page's engine's: forget starts nothing
      if (!(persistent ? await outboxExists(!!box) : box)) return;
      const outbox = (start(), box!);
      for (const entry of await outbox.list()) if (isDeadLetter(entry)) await outbox.remove(entry.id);
    },

    async deliverPartial(payload, form, options) {
      try {
        Object.assign(custom, options.transports);
        // a CRM gets a partial lead only when it asked for them, can tell them apart, and has what it requires
        const destinations = destinationsOf(form.submit).filter((d) => mayReceive(payload, d));
        if (destinations.length) await start().deliverNow(payload, destinations, (p) => enrich(p, form, options));
      } catch (error) {
        state.warn(`could not send a partial lead: ${(error as Error)?.message ?? String(error)}`);
      }
    },

    deliver: (payload, form, options, listener) =>
      deliverLead({ start, owners, persistent, prepare: (p) => { Object.assign(custom, options.transports); return enrich(p, form, options); } }, payload, form, options, listener),
  };
}
