import type { Attempt } from './destination-attempt.js';
import type { EngineSettings } from './engine-settings.js';
import { remember, type Outbox } from './outbox.js';
import { isDue, type DestinationState, type OutboxEntry } from './outbox-entry.js';
import { destinationKey, type Holds } from './receiver.js';
import { canAttempt } from './transport.js';

/** Waiting out the backoff of a network failure or a timeout (no answer from the server): worth trying when the network is back. */
const networkWait = (s: DestinationState) => s.status === 'pending' && !!s.lastError && s.lastError.status === undefined;

/**
 * One pass over the outbox: its due destinations, one at a time per receiver, receivers in
 * parallel. `urgent` (the network is back) ends the backoffs of network failures first. Refreshes
 * `known` from the outbox; resolves the number of attempts made.
 */
export async function flushRound(
  settings: EngineSettings,
  outbox: Outbox,
  known: Map<string, OutboxEntry>,
  holds: Holds,
  attempt: Attempt,
  urgent: boolean,
): Promise<number> {
  const { clock } = settings;
  const held = (s: DestinationState, now: number) => (holds.get(destinationKey(s.config)) ?? 0) > now;
  const now = clock();
  if (urgent)
    // one transaction per such destination
    for (const e of await outbox.list())
      for (const [destination, s] of Object.entries(e.destinations))
        if (networkWait(s) && s.nextAttemptAt > now && !(s.claim && s.claim.until > now)) {
          holds.delete(destinationKey(s.config));
          await outbox.update(e.id, (x) => {
            const d = x.destinations[destination];
            return d && networkWait(d) ? { ...x, destinations: { ...x.destinations, [destination]: { ...d, nextAttemptAt: now } } } : undefined;
          });
        }
  const entries = await outbox.list();
  known.clear();
  for (const e of entries) remember(known, e);
  const queues = new Map<string, [string, string][]>();
  for (const e of entries)
    for (const [destination, s] of Object.entries(e.destinations)) {
      if (!isDue(s, now) || held(s, now) || !canAttempt(s.config, settings)) continue;
      const k = destinationKey(s.config);
      queues.set(k, [...(queues.get(k) ?? []), [e.id, destination]]);
    }
  let attempted = 0;
  await Promise.all(
    [...queues.values()].map(async (queue) => {
      for (const [id, destination] of queue) {
        const s = known.get(id)?.destinations[destination];
        // after a retryable failure, the rest of this receiver's queue waits for its backoff
        if (s && held(s, clock())) break;
        if (await attempt(id, destination)) attempted++;
      }
    }),
  );
  return attempted;
}
