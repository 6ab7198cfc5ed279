import type { LeadPayload } from '../payload/lead-payload.js';
import type { CustomTransport } from './custom-transport.js';
import { emitterOf, type DeliveryEvent } from './delivery-event.js';
import { createAttempt } from './destination-attempt.js';
import type { DestinationConfig } from './destination.js';
import type { EngineSettings } from './engine-settings.js';
import { randomOwner, type FlushLock } from './flush-lock.js';
import { flushRound } from './flush-round.js';
import { createFlush, type FlushReport } from './flush-runner.js';
import { createLastChanceSender, type LastChanceSender } from './last-chance.js';
import { sendLastChance, type LastChanceReport } from './last-chance-pass.js';
import { remember, type Outbox } from './outbox.js';
import { isDelivered, type OutboxEntry } from './outbox-entry.js';
import type { Holds } from './receiver.js';
import { DEFAULT_TIMEOUT_MS } from './send-request.js';
import { submittedEntry, withAbsoluteEndpoint } from './submitted-entry.js';
import { systemClock, systemTimers, type Clock, type Random, type Timers } from './timers.js';
import { canAttempt } from './transport.js';
import { createWakeTimer, nextWake } from './wake-timer.js';

export type { DeliveryEvent } from './delivery-event.js';
export { CLAIM_MARGIN_MS } from './destination-attempt.js';
export { LOCK_BUSY_RETRY_MS, type FlushReport } from './flush-runner.js';
export type { LastChanceReport } from './last-chance-pass.js';
export { destinationKey } from './receiver.js';

export interface DeliveryEngineOptions {
  outbox: Outbox;
  /** Where `deliverNow` sends a lead when not told otherwise. */
  destinations?: readonly DestinationConfig[];
  /** The functions custom destinations name. */
  custom?: Readonly<Record<string, CustomTransport<DestinationConfig>>>;
  /** One flusher across tabs. Default `createFlushLock()` (Web Locks, else a lease in IndexedDB). */
  lock?: FlushLock;
  fetch?: typeof fetch;
  /** Per attempt; default 10 s. A destination's `timeoutMs` wins. */
  timeoutMs?: number;
  clock?: Clock;
  timers?: Timers;
  random?: Random;
  /** This engine's id in claims; default random. */
  owner?: string;
  onEvent?: (event: DeliveryEvent) => void;
  /** Relative endpoints are made absolute against this at submit time. Default: the page. */
  baseUrl?: string;
  /** Read at submit time for HubSpot's `hutk`. Default `document.cookie`. */
  cookie?: () => string | undefined;
  /** Read at submit time for HubSpot's `pageName`. Default `document.title`. */
  pageName?: () => string | undefined;
  /** Default `createLastChanceSender()`. */
  lastChance?: LastChanceSender;
}

export interface DeliverNowResult {
  /** false when the lead is only in memory (the outbox fell back). */
  durable: boolean;
  /** The lead's state after the first attempt at each destination. */
  entry: OutboxEntry;
}

export interface DeliveryEngine {
  /**
   * Stores the lead in the outbox, then attempts every destination once. `prepare` (e.g.
   * enrichment) runs after the lead is stored, never before: a tab closed meanwhile loses
   * nothing, the stored lead goes as it was. What `prepare` resolves replaces the stored
   * payload before the first attempt. Never rejects.
   */
  deliverNow(payload: LeadPayload, destinations?: readonly DestinationConfig[], prepare?: (payload: LeadPayload) => Promise<LeadPayload>): Promise<DeliverNowResult>;
  /**
   * Attempts every due destination of every entry (one at a time per destination), if this
   * engine gets the flush lock. `urgent` (the network is back, the tab is shown, a page loaded):
   * a destination waiting out the backoff of a network failure or timeout is due now (a
   * server's answer — 5xx, 429 with Retry-After — still sets its own wait). Never rejects.
   */
  flush(urgent?: boolean): Promise<FlushReport>;
  /** For `pagehide`: sends what is still pending with requests that outlive the page. Synchronous; the outbox is unchanged. */
  lastChance(): LastChanceReport;
  /** Stops the timer; in-flight attempts finish. */
  close(): void;
}

/**
 * The delivery engine: outbox first, then the network; retries on a timer at
 * the earliest `nextAttemptAt`; one flusher across tabs (the flush lock) and
 * one sender per lead and destination (a claim written in the entry, so two
 * engines or tabs never send the same lead at once). The lead's `id` is the
 * same on every attempt.
 */
export function createDeliveryEngine(o: DeliveryEngineOptions): DeliveryEngine {
  const { outbox } = o;
  const settings: EngineSettings = {
    fetch: o.fetch,
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    timers: o.timers ?? systemTimers,
    clock: o.clock ?? systemClock,
    custom: o.custom,
    random: o.random ?? Math.random,
    owner: o.owner ?? randomOwner(),
  };
  /** Entries this engine has seen and that are not delivered yet: for the timer and for the synchronous `lastChance`. */
  const known = new Map<string, OutboxEntry>();
  /** Leads this engine stored (submitted on this page): the ones `lastChance` sends. */
  const mine = new Set<string>();
  const holds: Holds = new Map();
  const emit = emitterOf(o.onEvent);
  const attempt = createAttempt(settings, outbox, known, holds, emit);
  let lastChance = o.lastChance;
  let closed = false;
  const wakeAt = createWakeTimer(settings.timers, settings.clock, () => void engine.flush());
  /** Sets the timer for `at`, or for the earliest time something this engine knows becomes due. */
  const schedule = (at?: number) => {
    if (!closed) wakeAt(at ?? nextWake(settings, known, holds));
  };

  const engine: DeliveryEngine = {
    async deliverNow(payload, destinations = o.destinations ?? [], prepare) {
      const configs = destinations.map((d) => withAbsoluteEndpoint(d, o.baseUrl));
      let entry = submittedEntry(settings, payload, configs, o);
      // Known before the write is done: a pagehide meanwhile sends it as a last chance.
      remember(known, entry);
      mine.add(entry.id);
      const { durable } = await outbox.put(entry);
      emit({ type: 'stored', id: entry.id, durable });
      if (prepare) {
        const stored = JSON.stringify(payload); // `prepare` may change the payload in place
        const prepared = await prepare(payload).catch(() => payload);
        if (JSON.stringify(prepared) !== stored) {
          entry = { ...entry, payload: prepared };
          remember(known, entry);
          await outbox.update(entry.id, (e) => ({ ...e, payload: prepared }));
        }
      }
      // every destination at once: the visitor is waiting for the first answer
      const states = await Promise.all(
        configs.map(async (c) => {
          if (!canAttempt(c, settings)) return undefined;
          return (await attempt(entry.id, c.id, entry))?.destinations[c.id];
        }),
      );
      const merged = { ...entry.destinations };
      configs.forEach((c, i) => {
        const s = states[i];
        if (s) merged[c.id] = s;
      });
      entry = { ...entry, destinations: merged };
      if (isDelivered(entry)) known.delete(entry.id);
      schedule();
      return { durable, entry };
    },

    flush: createFlush(settings, outbox, o.lock, (urgent) => flushRound(settings, outbox, known, holds, attempt, urgent), schedule, () => closed),

    lastChance() {
      lastChance ??= createLastChanceSender({ fetch: o.fetch ?? undefined });
      // Only leads submitted on this page: earlier pages' leads are flushed on the next load, with
      // their backoff and Retry-After, instead of beaconed on every navigation.
      return sendLastChance([...known.values()].filter((e) => mine.has(e.id)).sort((a, b) => a.createdAt - b.createdAt), lastChance);
    },

    close() {
      closed = true;
      wakeAt(undefined);
    },
  };
  return engine;
}
