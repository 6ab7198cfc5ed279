import type { LeadPayload } from '../payload/lead-payload.js';
import type { Deliver, DeliveryError, DeliveryResult } from '../session/form-session.js';
import type { CustomTransport } from './custom-transport.js';
import { createDeliveryEngine, type DeliveryEngine, type DeliveryEngineOptions, type DeliveryEvent } from './delivery-engine.js';
import type { DestinationConfig } from './destination.js';
import { destinationsOf } from './destinations-of.js';
import { createIdbOutbox } from './idb-outbox.js';
import { createMemoryOutbox } from './memory-outbox.js';
import type { OutboxProblem } from './outbox.js';
import type { OutboxEntry } from './outbox-entry.js';
// Visitor-facing words (the engine's messages are for developers); exported here as before.
import { DELIVERY_BROKEN, DELIVERY_REFUSED, DELIVERY_WAITING } from '../model/words.js';

export { DELIVERY_REFUSED, DELIVERY_WAITING };

/**
 * What the session hears after the first attempt at every destination of `entry`:
 * - every destination has it: `{ ok: true, status? }` (`status`: the last HTTP status seen);
 * - some still pending (network error, timeout, 5xx, 429…): `{ ok: true, queued: true, error }` —
 *   the visitor is done, the outbox keeps trying (`error`: why the first attempt did not arrive);
 * - every destination refused it (a 4xx other than 408/425/429): `{ ok: false, error }`, not retryable.
 * Some delivered and some refused counts as delivered: the refusal is the site's problem, not the visitor's.
 */
export function deliveryResultOf(entry: OutboxEntry, status?: number): DeliveryResult {
  const states = Object.values(entry.destinations);
  const error = (message: string, retryable: boolean): DeliveryError => {
    const failed = states.find((s) => s.lastError)?.lastError;
    return failed?.status ? { message, retryable, status: failed.status } : { message, retryable };
  };
  if (states.length && states.every((s) => s.status === 'dead')) return { ok: false, error: error(DELIVERY_REFUSED, false) };
  const pending = states.filter((s) => s.status === 'pending');
  if (pending.length) return { ok: true, queued: true, error: error(pending.find((s) => s.lastError)?.lastError?.message ?? DELIVERY_WAITING, true) };
  return status === undefined ? { ok: true } : { ok: true, status };
}

export interface OutboxDeliverOptions extends Partial<Omit<DeliveryEngineOptions, 'outbox' | 'destinations' | 'custom' | 'onEvent'>> {
  /** Default: the IndexedDB outbox where `indexedDB` exists (leads survive a reload), else one in memory. */
  outbox?: DeliveryEngineOptions['outbox'];
  /** The functions `custom` destinations name. */
  transports?: Readonly<Record<string, CustomTransport<DestinationConfig>>>;
  /** Every delivery event, including the later ones of a queued lead (`delivered`, `dead`). Must not throw. */
  onEvent?: (event: DeliveryEvent) => void;
  /** The IndexedDB outbox failed and leads are kept in memory for this page only. */
  onProblem?: (problem: OutboxProblem) => void;
}

/**
 * A `Deliver` over a delivery engine: the lead goes to the outbox first, then to every destination
 * of `submit` (`destinationsOf`: `destinations`, or the single `endpoint`), each retried on its own.
 * The engine is created on the first lead (and then flushes what earlier pages left), so a form
 * that is never submitted opens no database. Never rejects.
 */
export function createOutboxDeliver(o: OutboxDeliverOptions = {}): Deliver & { engine(): DeliveryEngine } {
  let engine: DeliveryEngine | undefined;
  /** Lead id → the last HTTP status a destination answered, for `DeliveryResult.status`. */
  const statuses = new Map<string, number>();
  const get = (): DeliveryEngine => {
    if (engine) return engine;
    const { outbox, transports, onEvent, onProblem, ...rest } = o;
    engine = createDeliveryEngine({
      ...rest,
      outbox: outbox ?? (typeof indexedDB === 'undefined' ? createMemoryOutbox() : createIdbOutbox({ onProblem })),
      custom: transports,
      onEvent: (event) => {
        if (event.type === 'destination-delivered' && event.status !== undefined) statuses.set(event.id, event.status);
        onEvent?.(event);
      },
    });
    void engine.flush();
    return engine;
  };
  const deliver = async (payload: LeadPayload, form: Parameters<Deliver>[1]): Promise<DeliveryResult> => {
    const destinations = destinationsOf(form.submit);
    // an unchecked config with nowhere to go: say so rather than report a lead delivered to no one
    if (!destinations.length) return { ok: false, error: { message: DELIVERY_BROKEN, retryable: false } };
    try {
      const { entry } = await get().deliverNow(payload, destinations);
      const result = deliveryResultOf(entry, statuses.get(payload.id));
      statuses.delete(payload.id);
      return result;
    } catch {
      // the engine never rejects; a bug here must not leave the visitor with a spinner
      return { ok: false, error: { message: DELIVERY_BROKEN, retryable: true } };
    }
  };
  return Object.assign(deliver, { engine: get });
}
