import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import { buildLastChanceRequest, createLastChanceSender, KEEPALIVE_BUDGET_BYTES, LAST_CHANCE_CONTENT_TYPE } from './last-chance.js';
import type { DeliveryRequest } from './delivery-request.js';

const payload: LeadPayload = {
  schema: 'cairn.lead/1',
  id: 'f00d',
  form: { id: 'demo', version: 1 },
  submittedAt: '2025-01-01T00:00:00.000Z',
  answers: { email: 'ada@example.com' },
  context: { page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
};

const sized = (bytes: number): DeliveryRequest => ({ url: 'https://x.test/', method: 'POST', headers: { 'Content-Type': LAST_CHANCE_CONTENT_TYPE }, body: 'x'.repeat(bytes) });

describe('buildLastChanceRequest', () => {
  it('is a simple request: text/plain JSON with the id inside, no custom headers, keepalive', () => {
    const built = buildLastChanceRequest(payload, '/hooks/lead', 'https://site.test/');
    expect(built).toEqual({
      ok: true,
      request: { url: 'https://site.test/hooks/lead', method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(payload), keepalive: true },
    });
    if (built.ok) expect(JSON.parse(built.request.body).id).toBe('f00d');
    expect(buildLastChanceRequest(payload, 'mailto:x@y')).toMatchObject({ ok: false });
  });
});

describe('createLastChanceSender', () => {
  it('prefers sendBeacon, with a Blob typed text/plain', async () => {
    const beacons: { url: string; data: Blob | string }[] = [];
    const sender = createLastChanceSender({ sendBeacon: (url, data) => (beacons.push({ url, data }), true), fetch: null });
    const built = buildLastChanceRequest(payload, 'https://x.test/lead');
    if (!built.ok) throw Error();
    const out = sender.send(built.request);
    expect(out).toEqual({ sent: true, via: 'beacon', bytes: built.request.body.length });
    expect(beacons[0]!.url).toBe('https://x.test/lead');
    const blob = beacons[0]!.data as Blob;
    expect(blob.type).toBe('text/plain;charset=utf-8'); // Blob lower-cases its type
    expect(await blob.text()).toBe(JSON.stringify(payload));
  });

  it('falls back to a keepalive fetch without custom headers when there is no beacon or it refuses', () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = ((url: string, init: RequestInit) => (calls.push({ url, init }), new Promise(() => {}))) as unknown as typeof globalThis.fetch;
    const refusing = createLastChanceSender({ sendBeacon: () => false, fetch });
    expect(refusing.send(sized(10))).toEqual({ sent: true, via: 'keepalive', bytes: 10 });
    expect(calls[0]!.init).toEqual({ method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'x'.repeat(10), keepalive: true });
    expect(createLastChanceSender({ sendBeacon: null, fetch: null }).send(sized(1))).toEqual({ sent: false, reason: 'unavailable', bytes: 1 });
    expect(createLastChanceSender({ sendBeacon: () => false, fetch: null }).send(sized(1))).toEqual({ sent: false, reason: 'refused', bytes: 1 });
  });

  it('keeps the sum of bodies in flight within the 64 KiB budget, counting UTF-8 bytes', () => {
    expect(KEEPALIVE_BUDGET_BYTES).toBe(65_536);
    const sender = createLastChanceSender({ sendBeacon: () => true, fetch: null });
    expect(sender.send(sized(40_000)).sent).toBe(true);
    expect(sender.send(sized(30_000))).toEqual({ sent: false, reason: 'over-budget', bytes: 30_000 });
    expect(sender.send(sized(25_536)).sent).toBe(true);
    expect(sender.inFlightBytes).toBe(65_536);
    expect(sender.send(sized(1)).sent).toBe(false);
    sender.reset();
    expect(sender.send({ ...sized(0), body: 'é'.repeat(100) })).toEqual({ sent: true, via: 'beacon', bytes: 200 });
    expect(createLastChanceSender({ sendBeacon: () => true }).send(sized(KEEPALIVE_BUDGET_BYTES + 1))).toMatchObject({ sent: false, reason: 'over-budget' });
  });

  it('frees keepalive bytes when the fetch settles', async () => {
    let settle!: () => void;
    const fetch = (() => new Promise<Response>((resolve) => (settle = () => resolve(new Response(null))))) as unknown as typeof globalThis.fetch;
    const sender = createLastChanceSender({ sendBeacon: null, fetch, budgetBytes: 100 });
    expect(sender.send(sized(80)).sent).toBe(true);
    expect(sender.send(sized(80)).sent).toBe(false);
    settle();
    await new Promise((r) => setTimeout(r, 0));
    expect(sender.inFlightBytes).toBe(0);
    expect(sender.send(sized(80)).sent).toBe(true);
  });
});
