import type { AttemptResult } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import { isDelivered, type DeadReason, type DeliveryFailure, type DestinationState, type OutboxEntry } from './outbox-entry.js';
import { destinationKey, type Holds } from './receiver.js';

export type DeliveryEvent =
  /** The lead is in the outbox (`durable` false: in memory only, lost if the page closes). */
  | { type: 'stored'; id: string; durable: boolean }
  /** One destination has the lead. `opaque`: sent 'no-cors', acceptance unknown (Salesforce). */
  | { type: 'destination-delivered'; id: string; destination: string; status?: number; opaque?: boolean }
  /** Every destination has the lead. */
  | { type: 'delivered'; id: string }
  /** An attempt failed retryably; the next one is due at `nextAttemptAt`. */
  | { type: 'retry'; id: string; destination: string; attempts: number; nextAttemptAt: number; error: DeliveryFailure }
  /** A destination was given up: 'rejected' (non-retryable answer, `error.status` says which) or 'expired'. */
  | { type: 'dead'; id: string; destination: string; reason: DeadReason; error: DeliveryFailure }
  /**
   * The first attempt at `url` failed at the network level, and why is certain: the browser
   * refuses the page its request (CORS; `message` says what the endpoint must allow). The lead
   * stays in the outbox and is retried: it arrives once the endpoint is fixed. Once per URL per engine.
   */
  | { type: 'blocked'; id: string; destination: string; url: string; message: string };

export type Emit = (event: DeliveryEvent) => void;

/** The host's listener, safe to call: it never throws into the engine. */
export const emitterOf =
  (listener: Emit | undefined): Emit =>
  (event) => {
    try {
      listener?.(event);
    } catch {
      /* a listener's bug must not stop delivery */
    }
  };

/**
 * Tells what one attempt made of `destination` (`entry` and `after`, its state there, as stored
 * after it), and holds or frees its receiver: a retryable failure holds the rest of the
 * receiver's queue until the next attempt is due.
 */
export function reportAttempt(emit: Emit, holds: Holds, entry: OutboxEntry, destination: string, after: DestinationState, result: AttemptResult, config: DestinationConfig): void {
  const base = { id: entry.id, destination };
  if (after.status === 'delivered') {
    holds.delete(destinationKey(config));
    const event: DeliveryEvent = { type: 'destination-delivered', ...base };
    if (result.ok && result.status !== undefined) event.status = result.status;
    if (result.ok && result.opaque) event.opaque = true;
    emit(event);
    if (isDelivered(entry)) emit({ type: 'delivered', id: entry.id });
  } else if (after.status === 'dead') emit({ type: 'dead', ...base, reason: after.deadReason ?? 'rejected', error: after.lastError ?? { message: '' } });
  else {
    holds.set(destinationKey(config), after.nextAttemptAt);
    emit({ type: 'retry', ...base, attempts: after.attempts, nextAttemptAt: after.nextAttemptAt, error: after.lastError ?? { message: '' } });
  }
}
