import { reportAttempt, type Emit } from './delivery-event.js';
import type { DestinationConfig } from './destination.js';
import type { EngineSettings } from './engine-settings.js';
import { remember, type Outbox } from './outbox.js';
import { applyAttempt, claimDestination, type DestinationState, type OutboxEntry } from './outbox-entry.js';
import type { Holds } from './receiver.js';
import { corsProblem } from './cors-problem.js';
import { attemptDelivery, requestFor } from './transport.js';

/** A claim outlasts the attempt's timeout by this much, so a slow answer is not retried by another tab meanwhile. */
export const CLAIM_MARGIN_MS = 5_000;

/** Until when a claim taken at `now` keeps other engines off `d` (a destination's own `timeoutMs` wins over the engine's). */
export const claimUntil = (settings: EngineSettings, now: number, d: DestinationConfig | undefined): number =>
  now + (d?.timeoutMs ?? settings.timeoutMs) + CLAIM_MARGIN_MS;

/** One attempt at one destination of a lead; resolves the entry after it, or undefined when skipped. */
export type Attempt = (id: string, destination: string, preclaimed?: OutboxEntry) => Promise<OutboxEntry | undefined>;

/**
 * Attempts as one engine makes them. Each is claimed in the outbox first (`preclaimed`: the entry
 * as stored with this engine's claim already), so no other engine or tab sends the lead there
 * meanwhile; skipped when another holds the claim, or when this engine is already sending it
 * there. The outcome is written to the outbox before anyone hears of it.
 */
export function createAttempt(settings: EngineSettings, outbox: Outbox, known: Map<string, OutboxEntry>, holds: Holds, emit: Emit): Attempt {
  const { clock, owner } = settings;
  /** "id\ndestination" being sent by this engine. */
  const sending = new Set<string>();
  /** URLs whose network failure was looked into: once each. */
  const diagnosed = new Set<string>();
  const diagnose = (entry: OutboxEntry, config: DestinationConfig) => {
    const built = requestFor(entry, config);
    if (!built?.ok || diagnosed.has(built.request.url)) return;
    const { url } = built.request;
    diagnosed.add(url);
    void corsProblem(built.request, settings.fetch).then((message) => message && emit({ type: 'blocked', id: entry.id, destination: config.id, url, message }));
  };
  return async (id, destination, preclaimed) => {
    const key = id + '\n' + destination;
    if (sending.has(key)) return undefined;
    sending.add(key);
    try {
      let claimed = preclaimed;
      if (!claimed) {
        const now = clock();
        const entry = await outbox.update(id, (e) => (claimed = claimDestination(e, destination, owner, now, claimUntil(settings, now, e.destinations[destination]?.config))));
        if (!entry || !claimed) return remember(known, entry), undefined;
      }
      const state = claimed.destinations[destination]!;
      const result = await attemptDelivery(claimed, state.config, settings);
      let after: DestinationState | undefined;
      const done = await outbox.update(id, (e) => {
        const next = applyAttempt(e, destination, result, { now: clock(), random: settings.random, owner });
        after = next?.destinations[destination];
        return next;
      });
      remember(known, done);
      if (done && after) reportAttempt(emit, holds, done, destination, after, result, state.config);
      // The first network failure at an endpoint: find out, without holding anything up, whether it is CORS.
      if (!result.ok && result.kind == 'network' && state.attempts == 0) diagnose(claimed, state.config);
      return done;
    } finally {
      sending.delete(key);
    }
  };
}
