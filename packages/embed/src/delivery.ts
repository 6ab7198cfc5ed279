/**
 * Durable delivery through the script tag, in cairn-later.js: one delivery engine per page over
 * the IndexedDB outbox (`cairn-outbox`). A submitted lead is written to the outbox before the
 * first request; what does not arrive is retried with backoff while the page lives, on `online`,
 * when the tab becomes visible again, with one last request on `pagehide`, and on the next page
 * of the site that loads cairn.js. One tab flushes at a time (Web Locks).
 */
import {
  createDeliveryEngine,
  createIdbOutbox,
  createLastChanceSender,
  destinationsOf,
  isDeadLetter,
  outboxDbName,
  type CustomTransport,
  type DeliveryEngine,
  type DeliveryEvent,
  type DeliveryResult,
  type Outbox,
  type DestinationConfig,
  type FormConfig,
  type LeadPayload,
} from '@cairn/core';
import { enrichPayload, type EnrichHook } from './enrich.js';
import type { CairnEvents } from './events.js';
import type { ProfilePage } from './profile-read.js';

/** What delivery reads of `Cairn.mount`'s options. */
export interface DeliveryOptions {
  transports?: Readonly<Record<string, CustomTransport<DestinationConfig>>>;
  enrich?: EnrichHook;
}

/** Functions named by `custom` destinations, from `Cairn.mount(…, { transports })`. Shared by the page's engine. */
const custom: Record<string, CustomTransport<DestinationConfig>> = {};
/** Lead id → the form that submitted it on this page, told how its delivery goes. */
const owners = new Map<string, (event: DeliveryEvent) => void>();
let engine: DeliveryEngine | undefined;

// Visitor-facing words (the engine's messages are for developers).
const WAITING = "Your details are saved and will be sent as soon as the connection allows.";
const REFUSED = "We couldn't accept your details. Please contact us another way.";

/**
 * `Cairn.forget()` and consent withdrawn: leads that will never be sent (dead letters, kept for
 * inspection) are erased. Leads still pending are delivered: the visitor submitted them, and
 * forgetting what the browser remembers does not take a submission back. Never rejects.
 */
export async function dropDeadLetters(page: ProfilePage): Promise<void> {
  // where it cannot be known (no databases()), only this page's engine, if any: forget starts nothing
  if (!box && !(await outboxExists(false))) return;
  const outbox = (startDelivery(page), box!);
  for (const entry of await outbox.list()) if (isDeadLetter(entry)) await outbox.remove(entry.id);
}

/**
 * Whether the outbox database exists (only then can it hold a lead: looking must not create it,
 * before consent say); `unknown` where `indexedDB.databases()` is missing or fails.
 */
const outboxExists = (unknown = true): Promise<boolean> =>
  Promise.resolve()
    .then(() => indexedDB.databases())
    .then((list) => list.some((d) => d.name == outboxDbName()), () => unknown);

/**
 * `pagehide`, as the delivery engine sees it: dispatched by the engine's own `pagehide` handler
 * right before the last-chance requests, so a lead made on leaving (a partial lead) is among
 * them, whichever listener the page registered first.
 */
export const leaving = new EventTarget();

/** The page's outbox (once the engine started). */
let box: Outbox | undefined;

/**
 * Start this page's delivery engine (once): flush what earlier pages left in the outbox, and
 * keep flushing on `online` and when the tab is shown again; on `pagehide`, one last request
 * per pending lead that can outlive the page.
 */
export function startDelivery(page: ProfilePage): DeliveryEngine {
  if (engine) return engine;
  // The lead's context reads the timezone; the first Intl call in a page costs ~15 ms, which
  // would otherwise sit between the click and the outbox write (a tab killed then loses the lead).
  try {
    Intl.DateTimeFormat().resolvedOptions();
  } catch {
    /* read again (and handled) when the lead is built */
  }
  const lastChance = createLastChanceSender();
  const outbox = (box = createIdbOutbox({
    onProblem: ({ message }) => page.warn(message),
  }));
  const e = (engine = createDeliveryEngine({
    outbox,
    custom,
    lastChance,
    onEvent: (event) => {
      const owner = owners.get(event.id);
      if (event.type == 'delivered' || event.type == 'dead') owners.delete(event.id);
      if (owner) return owner(event);
      // A lead an earlier page submitted: there is no form to tell, so the document hears of it.
      if (event.type == 'delivered' || event.type == 'dead')
        document.dispatchEvent(new CustomEvent('cairn:' + (event.type == 'dead' ? 'error' : 'delivered'), { detail: background(event) }));
    },
  }));
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
  addEventListener('pageshow', (event) => event.persisted && (lastChance.reset(), flush()));
  flush();
  return e;
}

/** The lead enriched (in place, once; failing open). */
const enrich = (page: ProfilePage, payload: LeadPayload, form: FormConfig, options: DeliveryOptions | undefined) =>
  enrichPayload(payload, form, options?.enrich, { onProblem: page.warn });

/**
 * A partial lead (`submit.partial`): to the outbox and every destination, like a full lead, but
 * nobody waits for it: no form events, no message. Leads never delivered are reported on the
 * document (`cairn:error`), like those an earlier page left. Never rejects.
 */
export async function deliverPartial(page: ProfilePage, payload: LeadPayload, form: FormConfig, options: DeliveryOptions | undefined): Promise<void> {
  try {
    Object.assign(custom, options?.transports);
    await startDelivery(page).deliverNow(payload, destinationsOf(form.submit), (p) => enrich(page, p, form, options));
  } catch (error) {
    page.warn(`Cairn could not send a partial lead: ${(error as Error)?.message ?? String(error)}`);
  }
}

const background = (event: DeliveryEvent) =>
  event.type == 'dead'
    ? { kind: 'delivery', message: `a lead (${event.id}) was not accepted by ${event.destination}: ${event.error.message}`, id: event.id, status: event.error.status }
    : { id: event.id };

/**
 * The session's `deliver` for the script tag: the lead goes to the outbox (durably) and every
 * destination is tried once. Every destination has it: delivered. Some still pending (a network
 * error, a timeout, 5xx, 429…): queued — the visitor is done, the engine keeps trying and
 * `listen` hears `delivered` (or `dead`) later. Every destination refused it (a 4xx other than
 * 408/425/429): failed, not retryable. Never rejects.
 */
export async function deliver(
  page: ProfilePage,
  payload: LeadPayload,
  form: FormConfig,
  options: DeliveryOptions | undefined,
  emit: <E extends 'delivered' | 'error'>(event: E, detail: CairnEvents[E]) => void,
  where: string,
): Promise<DeliveryResult> {
  // After the visitor's part: the queued lead arrives, or a destination refuses it.
  const listen = (event: DeliveryEvent) => {
    if (event.type == 'delivered') emit('delivered', { payload });
    if (event.type == 'dead') {
      const error = { message: `${event.destination} refused it: ${event.error.message}`, retryable: false, status: event.error.status };
      console.error(`Cairn could not deliver a lead from ${where}: ${error.message}`);
      emit('error', { kind: 'delivery', message: error.message, error, payload });
    }
  };
  // The first attempt's outcome is this function's result; what happens after, `listen` hears.
  let later = false;
  let status: number | undefined;
  owners.set(payload.id, (event) => {
    if (event.type == 'destination-delivered') status = event.status;
    if (later) listen(event);
  });
  // Stored first, then enriched (failing open): a tab closed meanwhile loses nothing; every attempt sends the stored payload.
  Object.assign(custom, options?.transports);
  const { entry, durable } = await startDelivery(page).deliverNow(payload, destinationsOf(form.submit), (p) => enrich(page, p, form, options));
  // The outbox fell back to memory: this lead survives only while the page is open. The site should know.
  if (!durable)
    emit('error', { kind: 'storage', message: 'IndexedDB is unavailable: this lead is kept in memory and retried only while the page is open', payload });
  later = true;
  const states = Object.entries(entry.destinations);
  const error = (message: string, retryable: boolean) => {
    const failed = states.find(([, s]) => s.lastError)?.[1].lastError;
    return failed?.status ? { message, retryable, status: failed.status } : { message, retryable };
  };
  if (states.every(([, s]) => s.status == 'dead')) {
    owners.delete(payload.id);
    return { ok: false, error: error(REFUSED, false) };
  }
  // Some destination has it or will: the visitor is done. One that refused it is an error for the site.
  for (const [destination, s] of states)
    if (s.status == 'dead') listen({ type: 'dead', id: payload.id, destination, reason: s.deadReason ?? 'rejected', error: s.lastError ?? { message: REFUSED } });
  // not shown to the visitor (their part is done): why the first attempt failed, for the site
  const why = states.find(([, s]) => s.status == 'pending' && s.lastError)?.[1].lastError?.message ?? WAITING;
  if (states.some(([, s]) => s.status == 'pending')) {
    console.warn(`Cairn: a lead from ${where} is kept in the outbox and will be retried: ${why}`);
    return { ok: true, queued: true, error: error(why, true) };
  }
  owners.delete(payload.id);
  return status === undefined ? { ok: true } : { ok: true, status };
}
