import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { AttemptResult } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import { applyAttempt, claimDestination, createEntry, isDeadLetter, isDelivered, isDue, isSettled, nextWakeAt, releaseClaim, type OutboxEntry } from './outbox-entry.js';
import { DEFAULT_GIVE_UP_AFTER_MS } from './retry-policy.js';

const payload = { id: 'lead-1', submittedAt: '2025-01-01T00:00:00Z' } as LeadPayload;
const hook: DestinationConfig = { id: 'hook', format: 'json', endpoint: 'https://x.test/' };
const crm: DestinationConfig = { id: 'crm', format: 'hubspot', portalId: 1, formGuid: 'g' };
const T0 = 1_000_000;
const ok: AttemptResult = { ok: true, status: 200 };
const busy: AttemptResult = { ok: false, retryable: true, kind: 'http', status: 503, message: 'HTTP 503' };
const rejected: AttemptResult = { ok: false, retryable: false, kind: 'http', status: 422, message: 'HTTP 422' };
const ctx = (now: number, random = () => 1) => ({ now, random, owner: 'me' });

describe('outbox entry state', () => {
  it('starts with every destination pending and due, keyed by the payload id', () => {
    const e = createEntry(payload, [hook, crm], T0, { hutk: 'h' });
    expect(e).toEqual({
      id: 'lead-1',
      payload,
      createdAt: T0,
      capture: { hutk: 'h' },
      destinations: {
        hook: { config: hook, status: 'pending', attempts: 0, nextAttemptAt: T0 },
        crm: { config: crm, status: 'pending', attempts: 0, nextAttemptAt: T0 },
      },
    });
    expect(createEntry(payload, [hook], T0, {})).not.toHaveProperty('capture');
  });

  it('keeps each destination separate: one delivered, the other retried with backoff', () => {
    let e = createEntry(payload, [hook, crm], T0);
    e = applyAttempt(e, 'hook', ok, ctx(T0 + 10))!;
    e = applyAttempt(e, 'crm', busy, ctx(T0 + 20))!;
    expect(e.destinations.hook).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0 + 10 });
    expect(e.destinations.crm).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 20 + 1_000, lastError: { status: 503, message: 'HTTP 503' } });
    expect(isDue(e.destinations.hook!, T0 + 5_000)).toBe(false);
    expect(isDue(e.destinations.crm!, T0 + 1_019)).toBe(false);
    expect(isDue(e.destinations.crm!, T0 + 1_020)).toBe(true);
    expect([isDelivered(e), isSettled(e)]).toEqual([false, false]);
    // a second failure doubles the cap
    e = applyAttempt(e, 'crm', busy, ctx(T0 + 2_000))!;
    expect(e.destinations.crm).toMatchObject({ attempts: 2, nextAttemptAt: T0 + 2_000 + 2_000 });
    e = applyAttempt(e, 'crm', ok, ctx(T0 + 5_000))!;
    expect(e.destinations.crm).not.toHaveProperty('lastError');
    expect(isDelivered(e)).toBe(true);
  });

  it('honours Retry-After when longer than the backoff', () => {
    const e = applyAttempt(createEntry(payload, [hook], T0), 'hook', { ...busy, retryAfterMs: 60_000 }, ctx(T0))!;
    expect(e.destinations.hook!.nextAttemptAt).toBe(T0 + 60_000);
  });

  it('dead-letters on a non-retryable answer (4xx) as rejected, keeping the response', () => {
    const e = applyAttempt(createEntry(payload, [hook, crm], T0), 'hook', rejected, ctx(T0))!;
    expect(e.destinations.hook).toMatchObject({ status: 'dead', deadReason: 'rejected', attempts: 1, lastError: { status: 422, message: 'HTTP 422' } });
    expect(isDeadLetter(e)).toBe(false); // crm still pending
    const settled = applyAttempt(e, 'crm', ok, ctx(T0))!;
    expect([isSettled(settled), isDelivered(settled), isDeadLetter(settled)]).toEqual([true, false, true]);
  });

  it('dead-letters as expired once a retryable failure comes after the give-up age (default or per destination)', () => {
    const e = createEntry(payload, [hook], T0);
    expect(applyAttempt(e, 'hook', busy, ctx(T0 + DEFAULT_GIVE_UP_AFTER_MS - 1))!.destinations.hook!.status).toBe('pending');
    expect(applyAttempt(e, 'hook', busy, ctx(T0 + DEFAULT_GIVE_UP_AFTER_MS))!.destinations.hook).toMatchObject({ status: 'dead', deadReason: 'expired', lastError: { status: 503 } });
    const short = createEntry(payload, [{ ...hook, retry: { giveUpAfterHours: 1 } }], T0);
    expect(applyAttempt(short, 'hook', busy, ctx(T0 + 3_600_000))!.destinations.hook!.deadReason).toBe('expired');
    // a success is a success, however late
    expect(applyAttempt(e, 'hook', ok, ctx(T0 + 10 * DEFAULT_GIVE_UP_AFTER_MS))!.destinations.hook!.status).toBe('delivered');
  });

  it('claims: one owner at a time, lapsing at `until`; released by the attempt result', () => {
    const e = createEntry(payload, [hook], T0);
    const mine = claimDestination(e, 'hook', 'me', T0, T0 + 15_000)!;
    expect(mine.destinations.hook!.claim).toEqual({ owner: 'me', until: T0 + 15_000 });
    expect(claimDestination(mine, 'hook', 'other', T0 + 1, T0 + 20_000)).toBeUndefined();
    expect(claimDestination(mine, 'hook', 'other', T0 + 15_000, T0 + 30_000)!.destinations.hook!.claim!.owner).toBe('other');
    expect(claimDestination(e, 'nope', 'me', T0, T0 + 1)).toBeUndefined();
    expect(applyAttempt(mine, 'hook', busy, ctx(T0))!.destinations.hook).not.toHaveProperty('claim');
    expect(releaseClaim(mine, 'hook', 'me')!.destinations.hook).not.toHaveProperty('claim');
    expect(releaseClaim(mine, 'hook', 'other')).toBeUndefined();
    // another owner's live claim: my failure changes nothing, my success still counts
    const theirs = claimDestination(e, 'hook', 'other', T0, T0 + 15_000)!;
    expect(applyAttempt(theirs, 'hook', busy, ctx(T0))).toBeUndefined();
    expect(applyAttempt(theirs, 'hook', ok, ctx(T0))!.destinations.hook!.status).toBe('delivered');
  });

  it('an attempt on a settled destination changes nothing', () => {
    const done = applyAttempt(createEntry(payload, [hook], T0), 'hook', ok, ctx(T0))!;
    expect(applyAttempt(done, 'hook', busy, ctx(T0))).toBeUndefined();
  });

  it('nextWakeAt: the earliest pending attempt or lapsing claim', () => {
    const a = applyAttempt(createEntry({ ...payload, id: 'a' }, [hook], T0), 'hook', busy, ctx(T0))!; // due T0+1000
    const b: OutboxEntry = claimDestination(createEntry({ ...payload, id: 'b' }, [hook], T0), 'hook', 'x', T0, T0 + 500)!;
    const c = applyAttempt(createEntry({ ...payload, id: 'c' }, [hook], T0), 'hook', ok, ctx(T0))!;
    expect(nextWakeAt([a, b, c])).toBe(T0 + 500);
    expect(nextWakeAt([a, c])).toBe(T0 + 1_000);
    expect(nextWakeAt([c])).toBeUndefined();
  });
});
