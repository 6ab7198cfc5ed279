import type { LeadPayload } from '../payload/lead-payload.js';
import type { AttemptResult } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import type { HubspotCapture } from './hubspot-request.js';
import { retryDelay, retryPolicy } from './retry-policy.js';
import type { Random } from './timers.js';

/**
 * One lead in the outbox and the delivery state of each of its destinations.
 * Plain JSON (it is stored in IndexedDB). The functions here are pure: each
 * returns a new entry, so the stores can apply them inside one transaction.
 */

export type DestinationStatus = 'pending' | 'delivered' | 'dead';

/** Why a destination was given up: the receiver refused the lead (non-retryable answer), or it kept failing past the give-up age. */
export type DeadReason = 'rejected' | 'expired';

export interface DeliveryFailure {
  status?: number;
  message: string;
}

export interface DestinationState {
  /**
   * The destination as configured when the lead was submitted (endpoint made
   * absolute): any page, with any form, can finish the delivery, and two forms
   * whose destinations share an id never mix them up.
   */
  config: DestinationConfig;
  status: DestinationStatus;
  /** Attempts made so far. */
  attempts: number;
  /** Epoch ms before which no attempt is made. */
  nextAttemptAt: number;
  lastError?: DeliveryFailure;
  deadReason?: DeadReason;
  deliveredAt?: number;
  /**
   * Set while an engine is sending: another engine (tab) leaves the destination
   * alone until `until`, when a claim left by a tab that died mid-send lapses.
   */
  claim?: { owner: string; until: number };
}

export interface OutboxEntry {
  /** The payload id: the idempotency key, the same on every attempt. */
  id: string;
  payload: LeadPayload;
  /** Epoch ms the lead was stored; the give-up age counts from here. */
  createdAt: number;
  /** Destination id → state. */
  destinations: Record<string, DestinationState>;
  /** Browser facts some transports need, taken at submit time (HubSpot's hutk, the page title). */
  capture?: HubspotCapture;
}

/** A new entry: every destination pending and due now. */
export function createEntry(
  payload: LeadPayload,
  destinations: readonly DestinationConfig[],
  now: number,
  capture?: HubspotCapture,
): OutboxEntry {
  const states: Record<string, DestinationState> = {};
  for (const config of destinations) states[config.id] = { config, status: 'pending', attempts: 0, nextAttemptAt: now };
  const entry: OutboxEntry = { id: payload.id, payload, createdAt: now, destinations: states };
  if (capture && (capture.hutk || capture.pageName)) entry.capture = capture;
  return entry;
}

const states = (e: OutboxEntry) => Object.values(e.destinations);

/** Every destination delivered: the entry can go. */
export const isDelivered = (e: OutboxEntry): boolean => states(e).every((s) => s.status === 'delivered');

/** Nothing left to try: every destination delivered or dead. */
export const isSettled = (e: OutboxEntry): boolean => states(e).every((s) => s.status !== 'pending');

/** Settled with at least one dead destination: a dead letter, kept for inspection. */
export const isDeadLetter = (e: OutboxEntry): boolean => isSettled(e) && states(e).some((s) => s.status === 'dead');

/** Pending, its time has come, and no other engine is sending it. */
export const isDue = (s: DestinationState, now: number): boolean =>
  s.status === 'pending' && s.nextAttemptAt <= now && !(s.claim && s.claim.until > now);

/**
 * The entry with `destination` claimed by `owner` until `until`, or undefined
 * when it is not due (delivered meanwhile, not yet time, or claimed by another).
 */
export function claimDestination(e: OutboxEntry, destination: string, owner: string, now: number, until: number): OutboxEntry | undefined {
  const s = e.destinations[destination];
  if (!s || !isDue(s, now)) return undefined;
  return withState(e, destination, { ...s, claim: { owner, until } });
}

/** The entry with `owner`'s claim on `destination` dropped (an attempt that could not be made). */
export function releaseClaim(e: OutboxEntry, destination: string, owner: string): OutboxEntry | undefined {
  const s = e.destinations[destination];
  if (!s?.claim || s.claim.owner !== owner) return undefined;
  const { claim: _, ...rest } = s;
  return withState(e, destination, rest);
}

export interface AttemptContext {
  now: number;
  random: Random;
  /** The engine that made the attempt (its claim is released). */
  owner: string;
}

/**
 * The entry after one attempt at `destination`: delivered; dead ('rejected')
 * for a non-retryable failure; dead ('expired') for a retryable failure once
 * the lead is older than the give-up age; else pending with the next attempt
 * after the backoff (and not before the receiver's `Retry-After`). A failure
 * reported while another engine holds the claim changes nothing (its result
 * will); a success always counts. Undefined when nothing changes.
 */
export function applyAttempt(e: OutboxEntry, destination: string, result: AttemptResult, ctx: AttemptContext): OutboxEntry | undefined {
  const s = e.destinations[destination];
  if (!s || s.status !== 'pending') return undefined;
  const { claim, lastError: _, ...base } = s;
  const attempts = s.attempts + 1;
  if (result.ok) return withState(e, destination, { ...base, status: 'delivered', attempts, deliveredAt: ctx.now });
  if (claim && claim.owner !== ctx.owner && claim.until > ctx.now) return undefined;

  const lastError: DeliveryFailure = result.status === undefined ? { message: result.message } : { status: result.status, message: result.message };
  if (!result.retryable) return withState(e, destination, { ...base, status: 'dead', attempts, lastError, deadReason: 'rejected' });
  const policy = retryPolicy(s.config.retry);
  if (ctx.now - e.createdAt >= policy.giveUpAfterMs)
    return withState(e, destination, { ...base, status: 'dead', attempts, lastError, deadReason: 'expired' });
  const delay = retryDelay(attempts - 1, policy, ctx.random, result.retryAfterMs);
  return withState(e, destination, { ...base, attempts, lastError, nextAttemptAt: ctx.now + delay });
}

/** The earliest time something in `entries` may become due (a pending attempt, or a foreign claim lapsing), or undefined. */
export function nextWakeAt(entries: Iterable<OutboxEntry>, include: (s: DestinationState) => boolean = () => true): number | undefined {
  let at: number | undefined;
  for (const e of entries)
    for (const s of states(e)) {
      if (s.status !== 'pending' || !include(s)) continue;
      const t = Math.max(s.nextAttemptAt, s.claim?.until ?? 0);
      if (at === undefined || t < at) at = t;
    }
  return at;
}

const withState = (e: OutboxEntry, destination: string, s: DestinationState): OutboxEntry => ({
  ...e,
  destinations: { ...e.destinations, [destination]: s },
});
