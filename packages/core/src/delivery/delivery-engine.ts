import type { LeadPayload } from '../payload/lead-payload.js';
import type { CustomTransport } from './custom-transport.js';
import { absoluteUrl, type AttemptResult } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import { createFlushLock, createLocalFlushLock, randomOwner, type FlushLock } from './flush-lock.js';
import { readHubspotUtk, type HubspotCapture } from './hubspot-request.js';
import { createLastChanceSender, type LastChanceSender } from './last-chance.js';
import type { Outbox } from './outbox.js';
import {
  applyAttempt,
  claimDestination,
  createEntry,
  isDelivered,
  isDue,
  type DeadReason,
  type DeliveryFailure,
  type DestinationState,
  type OutboxEntry,
} from './outbox-entry.js';
import { DEFAULT_TIMEOUT_MS } from './send-request.js';
import { systemClock, systemTimers, type Clock, type Random, type Timers } from './timers.js';
import { attemptDelivery, canAttempt, lastChanceRequestFor, type TransportContext } from './transport.js';

/** A claim outlasts the attempt's timeout by this much, so a slow answer is not retried by another tab meanwhile. */
export const CLAIM_MARGIN_MS = 5_000;
/** When another tab holds the flush lock, look again after this long (its flush may leave work behind). */
export const LOCK_BUSY_RETRY_MS = 15_000;
/** Timers wait at least this long: a safety floor against a busy loop. */
const MIN_TIMER_MS = 100;
/** setTimeout's largest delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  | { type: 'dead'; id: string; destination: string; reason: DeadReason; error: DeliveryFailure };

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

export interface FlushReport {
  /** false when another tab (or engine) holds the flush lock. */
  ran: boolean;
  /** Attempts made (destinations of entries). */
  attempted: number;
}

export interface LastChanceReport {
  sent: { id: string; destination: string; via: 'beacon' | 'keepalive' }[];
  skipped: { id: string; destination: string; reason: 'unsupported' | 'config' | 'over-budget' | 'unavailable' | 'refused' }[];
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
  const clock = o.clock ?? systemClock;
  const timers = o.timers ?? systemTimers;
  const random = o.random ?? Math.random;
  const owner = o.owner ?? randomOwner();
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ctx: TransportContext = { fetch: o.fetch, timeoutMs, timers, clock, custom: o.custom };
  let lock: FlushLock | undefined = o.lock;
  const localLock = createLocalFlushLock();
  let lastChance = o.lastChance;

  /** Entries this engine has seen, for the timer and for the synchronous `lastChance`. */
  const known = new Map<string, OutboxEntry>();
  /** Leads this engine stored (submitted on this page): the ones `lastChance` sends. */
  const mine = new Set<string>();
  /** "id\ndestination" being sent by this engine. */
  const sending = new Set<string>();
  /** Destination key → time before which a flush leaves it alone (it just failed retryably). */
  const heldUntil = new Map<string, number>();
  let timer: unknown;
  let timerAt: number | undefined;
  let closed = false;
  let running: Promise<FlushReport> | undefined;
  let again = false;

  /** A destination's own `timeoutMs` wins over the engine's. */
  const claimUntil = (now: number, d: DestinationConfig | undefined) => now + (d?.timeoutMs ?? timeoutMs) + CLAIM_MARGIN_MS;
  const emit = (e: DeliveryEvent) => {
    try {
      o.onEvent?.(e);
    } catch {
      /* a listener's bug must not stop delivery */
    }
  };
  const track = (e: OutboxEntry | undefined) => {
    if (e) isDelivered(e) ? known.delete(e.id) : known.set(e.id, e);
  };

  /** One attempt at one destination, if this engine can claim it. Resolves the entry after it, or undefined when skipped. */
  const attempt = async (id: string, destination: string, preclaimed?: OutboxEntry): Promise<OutboxEntry | undefined> => {
    const key = id + '\n' + destination;
    if (sending.has(key)) return undefined;
    sending.add(key);
    try {
      let claimed = preclaimed;
      if (!claimed) {
        const now = clock();
        const entry = await outbox.update(id, (e) => (claimed = claimDestination(e, destination, owner, now, claimUntil(now, e.destinations[destination]?.config))));
        if (!entry || !claimed) return track(entry), undefined;
      }
      const state = claimed.destinations[destination]!;
      const result = await attemptDelivery(claimed, state.config, ctx);
      let after: DestinationState | undefined;
      const done = await outbox.update(id, (e) => {
        const next = applyAttempt(e, destination, result, { now: clock(), random, owner });
        after = next?.destinations[destination];
        return next;
      });
      track(done);
      if (done && after) report(done, destination, after, result, state.config);
      return done;
    } finally {
      sending.delete(key);
    }
  };

  const report = (e: OutboxEntry, destination: string, s: DestinationState, result: AttemptResult, config: DestinationConfig) => {
    const base = { id: e.id, destination };
    if (s.status === 'delivered') {
      heldUntil.delete(destinationKey(config));
      const ev: DeliveryEvent = { type: 'destination-delivered', ...base };
      if (result.ok && result.status !== undefined) ev.status = result.status;
      if (result.ok && result.opaque) ev.opaque = true;
      emit(ev);
      if (isDelivered(e)) emit({ type: 'delivered', id: e.id });
    } else if (s.status === 'dead') emit({ type: 'dead', ...base, reason: s.deadReason ?? 'rejected', error: s.lastError ?? { message: '' } });
    else {
      heldUntil.set(destinationKey(config), s.nextAttemptAt);
      emit({ type: 'retry', ...base, attempts: s.attempts, nextAttemptAt: s.nextAttemptAt, error: s.lastError ?? { message: '' } });
    }
  };

  const held = (s: DestinationState, now: number) => (heldUntil.get(destinationKey(s.config)) ?? 0) > now;
  /** Set by an urgent flush until its round has listed the outbox. */
  let urgent = false;
  /** Waiting out the backoff of a network failure or a timeout (no answer from the server): worth trying when the network is back. */
  const networkWait = (s: DestinationState) => s.status === 'pending' && !!s.lastError && s.lastError.status === undefined;

  /** One pass over the outbox: due destinations, one at a time per destination key, keys in parallel. */
  const round = async (): Promise<number> => {
    const now = clock();
    if (urgent) {
      urgent = false;
      // the network is back: network-failure backoffs are over (one transaction per such destination)
      for (const e of await outbox.list())
        for (const [destination, s] of Object.entries(e.destinations))
          if (networkWait(s) && s.nextAttemptAt > now && !(s.claim && s.claim.until > now)) {
            heldUntil.delete(destinationKey(s.config));
            await outbox.update(e.id, (x) => {
              const d = x.destinations[destination];
              return d && networkWait(d) ? { ...x, destinations: { ...x.destinations, [destination]: { ...d, nextAttemptAt: now } } } : undefined;
            });
          }
    }
    const entries = await outbox.list();
    known.clear();
    for (const e of entries) track(e);
    const queues = new Map<string, [string, string][]>();
    for (const e of entries)
      for (const [destination, s] of Object.entries(e.destinations)) {
        if (!isDue(s, now) || held(s, now) || !canAttempt(s.config, ctx)) continue;
        const k = destinationKey(s.config);
        queues.set(k, [...(queues.get(k) ?? []), [e.id, destination]]);
      }
    let attempted = 0;
    await Promise.all(
      [...queues.values()].map(async (queue) => {
        for (const [id, destination] of queue) {
          const s = known.get(id)?.destinations[destination];
          // after a retryable failure, the rest of this destination's queue waits for its backoff
          if (s && held(s, clock())) break;
          if (await attempt(id, destination)) attempted++;
        }
      }),
    );
    return attempted;
  };

  const flushOnce = async (): Promise<FlushReport> => {
    let total = 0;
    let ran = true;
    do {
      again = false;
      // Other tabs cannot see a memory outbox: its leads are this page's alone.
      const l = outbox.durable() ? (lock ??= createFlushLock()) : localLock;
      const r = await l.tryRun(round).catch(() => ({ acquired: true as const, value: 0 }));
      if (!r.acquired) ran = false;
      else total += r.value;
    } while (again && ran && !closed);
    // Lock busy: what this engine knows may look due, but the holder is on it; look again later.
    schedule(ran ? undefined : clock() + LOCK_BUSY_RETRY_MS);
    return { ran, attempted: total };
  };

  /** Sets the timer for the earliest time something this engine knows becomes due, or for `at`. */
  const schedule = (at?: number) => {
    if (closed) return;
    let wake = at;
    if (at === undefined)
      for (const e of known.values())
        for (const s of Object.values(e.destinations)) {
          if (s.status !== 'pending' || !canAttempt(s.config, ctx)) continue;
          const t = Math.max(s.nextAttemptAt, s.claim?.until ?? 0, heldUntil.get(destinationKey(s.config)) ?? 0);
          if (wake === undefined || t < wake) wake = t;
        }
    if (wake === undefined) {
      timers.clearTimeout(timer);
      timer = timerAt = undefined;
      return;
    }
    if (timer !== undefined && timerAt !== undefined && timerAt <= wake) return; // an earlier wake-up is already set
    timers.clearTimeout(timer);
    timerAt = wake;
    timer = timers.setTimeout(() => {
      timer = timerAt = undefined;
      void engine.flush();
    }, Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, wake - clock())));
  };

  const resolveEndpoints = (d: DestinationConfig): DestinationConfig =>
    d.endpoint && (d.format === 'json' || d.format === 'salesforce') ? { ...d, endpoint: absoluteUrl(d.endpoint, o.baseUrl) ?? d.endpoint } : d;

  const captureFor = (destinations: readonly DestinationConfig[]): HubspotCapture | undefined => {
    if (!destinations.some((d) => d.format === 'hubspot')) return undefined;
    const doc = (globalThis as { document?: Document }).document;
    const read = (f: (() => string | undefined) | undefined, fallback: () => string | undefined) => {
      try {
        return (f ?? fallback)();
      } catch {
        return undefined;
      }
    };
    const capture: HubspotCapture = {};
    const hutk = readHubspotUtk(read(o.cookie, () => doc?.cookie));
    const pageName = read(o.pageName, () => doc?.title);
    if (hutk) capture.hutk = hutk;
    if (pageName) capture.pageName = pageName;
    return capture;
  };

  const engine: DeliveryEngine = {
    async deliverNow(payload, destinations = o.destinations ?? [], prepare) {
      const configs = destinations.map(resolveEndpoints);
      const now = clock();
      let entry = createEntry(payload, configs, now, captureFor(configs));
      // Stored already claimed by this engine: the first attempt needs no second transaction,
      // and no other tab picks the lead up while the visitor waits for it.
      for (const c of configs) if (canAttempt(c, ctx)) entry.destinations[c.id]!.claim = { owner, until: claimUntil(now, c) };
      // Known before the write is done: a pagehide meanwhile sends it as a last chance.
      track(entry);
      mine.add(entry.id);
      const { durable } = await outbox.put(entry);
      emit({ type: 'stored', id: entry.id, durable });
      if (prepare) {
        const stored = JSON.stringify(payload); // `prepare` may change the payload in place
        const prepared = await prepare(payload).catch(() => payload);
        if (JSON.stringify(prepared) !== stored) {
          entry = { ...entry, payload: prepared };
          track(entry);
          await outbox.update(entry.id, (e) => ({ ...e, payload: prepared }));
        }
      }
      // every destination at once: the visitor is waiting for the first answer
      const states = await Promise.all(
        configs.map(async (c) => {
          if (!canAttempt(c, ctx)) return undefined;
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

    flush(urgentFlush) {
      urgent ||= !!urgentFlush;
      if (running) {
        again = true;
        return running;
      }
      return (running = flushOnce().finally(() => (running = undefined)));
    },

    lastChance() {
      const report: LastChanceReport = { sent: [], skipped: [] };
      lastChance ??= createLastChanceSender({ fetch: o.fetch ?? undefined });
      // Only leads submitted on this page: earlier pages' leads are flushed on the next load, with
      // their backoff and Retry-After, instead of beaconed on every navigation.
      const entries = [...known.values()].filter((e) => mine.has(e.id)).sort((a, b) => a.createdAt - b.createdAt);
      for (const e of entries)
        for (const [destination, s] of Object.entries(e.destinations)) {
          if (s.status !== 'pending') continue;
          const built = lastChanceRequestFor(e, s.config);
          if (!built) report.skipped.push({ id: e.id, destination, reason: 'unsupported' });
          else if (!built.ok) report.skipped.push({ id: e.id, destination, reason: 'config' });
          else {
            const out = lastChance.send(built.request);
            if (out.sent) report.sent.push({ id: e.id, destination, via: out.via });
            else report.skipped.push({ id: e.id, destination, reason: out.reason });
          }
        }
      return report;
    },

    close() {
      closed = true;
      timers.clearTimeout(timer);
      timer = timerAt = undefined;
    },
  };
  return engine;
}

/** Which receiver a destination talks to: one attempt at a time per receiver, and one backoff hold. */
export function destinationKey(d: DestinationConfig): string {
  switch (d.format) {
    case 'json':
      return 'json ' + (d.endpoint ?? '');
    case 'hubspot':
      return `hubspot ${d.portalId ?? ''}/${d.formGuid ?? ''}`;
    case 'salesforce':
      return `salesforce ${d.endpoint ?? ''} ${d.oid ?? ''}`;
    default:
      return 'custom ' + (d.name ?? '');
  }
}
