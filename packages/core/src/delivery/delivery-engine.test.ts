import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import { createDeliveryEngine, LOCK_BUSY_RETRY_MS, type DeliveryEngineOptions, type DeliveryEvent } from './delivery-engine.js';
import type { DestinationConfig } from './destination.js';
import { createLocalFlushLock, type FlushLock, type WebLocks } from './flush-lock.js';
import { createIdbOutbox } from './idb-outbox.js';
import { createLastChanceSender } from './last-chance.js';
import { createMemoryOutbox } from './memory-outbox.js';
import { createEntry } from './outbox-entry.js';
import type { Outbox } from './outbox.js';
import { DEFAULT_GIVE_UP_AFTER_MS } from './retry-policy.js';
import type { Timers } from './timers.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const lead = (id: string): LeadPayload => ({
  schema: 'cairn.lead/1',
  id,
  form: { id: 'demo', version: 1 },
  submittedAt: '2025-01-01T00:00:00.000Z',
  answers: { email: `${id}@example.com` },
  context: { page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
});
const hook: DestinationConfig = { id: 'hook', format: 'json', endpoint: 'https://hook.test/lead' };
const crm: DestinationConfig = { id: 'crm', format: 'json', endpoint: 'https://crm.test/lead' };

interface Call {
  url: string;
  id: string;
  headers: Record<string, string>;
  body: string;
}
/** A fetch stand-in: answers by URL with `answer(url)`; records each call with the lead id it carried. */
function fakeNet(answer: (url: string, call: Call) => Response | Promise<Response> = () => new Response(null, { status: 200 })) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const body = String(init.body);
    const call = { url, headers, body, id: headers['Idempotency-Key'] ?? (body.startsWith('{') ? JSON.parse(body).id : '') };
    calls.push(call);
    return answer(url, call);
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch, count: (url: string) => calls.filter((c) => c.url === url).length };
}

/** Timers the test fires by hand; `delays` records every requested delay. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let n = 0;
  const timers: Timers = {
    setTimeout: (run, ms) => (delays.push(ms), pending.set(++n, run), n),
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return { timers, delays, pending, fire: () => [...pending].forEach(([h, run]) => (pending.delete(h), run())) };
}

/** Web Locks semantics for ifAvailable requests. */
function fakeWebLocks(): WebLocks {
  const held = new Set<string>();
  return {
    async request<T>(name: string, _o: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T> {
      await Promise.resolve();
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
}
/** A lock that never refuses: leaves double-send protection to the claims alone. */
const noLock: FlushLock = { tryRun: async (task) => ({ acquired: true, value: await task() }) };

const settle = () => new Promise((r) => setTimeout(r, 5));

function setup(over: Partial<DeliveryEngineOptions> & { net?: ReturnType<typeof fakeNet> } = {}) {
  let now = T0;
  const net = over.net ?? fakeNet();
  const m = manualTimers();
  const events: DeliveryEvent[] = [];
  const outbox = over.outbox ?? createMemoryOutbox();
  const engine = createDeliveryEngine({
    outbox,
    destinations: [hook],
    fetch: net.fetch,
    clock: () => now,
    timers: m.timers,
    random: () => 1,
    lock: createLocalFlushLock(),
    onEvent: (e) => events.push(e),
    cookie: () => '',
    pageName: () => '',
    ...over,
  });
  return { engine, outbox, net, timers: m, events, advance: (ms: number) => (now += ms), now: () => now };
}

describe('deliverNow', () => {
  it('stores the lead durably before the first network attempt', async () => {
    const indexedDB = new IDBFactory();
    const seenAtSend: string[][] = [];
    const net = fakeNet(async () => {
      // another tab (a fresh outbox over the same database) already sees the lead
      seenAtSend.push((await createIdbOutbox({ indexedDB }).list()).map((e) => e.id));
      return new Response(null, { status: 200 });
    });
    const { engine, events, outbox } = setup({ outbox: createIdbOutbox({ indexedDB }), net, lock: noLock });
    const result = await engine.deliverNow(lead('a'));
    expect(seenAtSend).toEqual([['a']]);
    expect(result.durable).toBe(true);
    expect(result.entry.destinations.hook).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(events).toEqual([
      { type: 'stored', id: 'a', durable: true },
      { type: 'destination-delivered', id: 'a', destination: 'hook', status: 200 },
      { type: 'delivered', id: 'a' },
    ]);
    expect(await outbox.list()).toEqual([]); // delivered everywhere: gone
  });

  it('keeps per-destination state: only the failing destination is retried, with the same id', async () => {
    const down = new Set(['https://crm.test/lead']);
    const net = fakeNet((url) => new Response(null, { status: down.has(url) ? 503 : 201 }));
    const { engine, events, outbox, timers, advance } = setup({ net, destinations: [hook, crm] });
    const { entry } = await engine.deliverNow(lead('a'));
    expect(entry.destinations.hook!.status).toBe('delivered');
    expect(entry.destinations.crm).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 1_000, lastError: { status: 503 } });
    expect(events.map((e) => e.type)).toEqual(['stored', 'destination-delivered', 'retry']);
    expect(events[2]).toEqual({ type: 'retry', id: 'a', destination: 'crm', attempts: 1, nextAttemptAt: T0 + 1_000, error: { status: 503, message: 'HTTP 503' } });
    // the timer is set for the retry
    expect(timers.delays.at(-1)).toBe(1_000);
    advance(1_000);
    down.clear();
    timers.fire();
    await settle();
    expect([net.count('https://hook.test/lead'), net.count('https://crm.test/lead')]).toEqual([1, 2]);
    expect(new Set(net.calls.map((c) => c.headers['Idempotency-Key']))).toEqual(new Set(['a']));
    expect(events.slice(3)).toEqual([
      { type: 'destination-delivered', id: 'a', destination: 'crm', status: 201 },
      { type: 'delivered', id: 'a' },
    ]);
    expect(await outbox.list()).toEqual([]);
    expect(timers.pending.size).toBe(0); // nothing left to wake up for
  });

  it("honours a destination's own timeoutMs (attempt and claim), others keep the engine's", async () => {
    const slow: DestinationConfig = { ...crm, timeoutMs: 250 };
    // neither receiver answers: only the timers decide
    const net = fakeNet(() => new Promise<Response>(() => {}));
    const { engine, timers, events, outbox } = setup({ net, destinations: [hook, slow], timeoutMs: 4_000 });
    const sent = engine.deliverNow(lead('a'));
    await settle();
    // one timeout per attempt: the engine's for hook, the destination's own for crm
    expect([...timers.delays].sort((x, y) => x - y)).toEqual([250, 4_000]);
    const stored = await outbox.get('a');
    expect(stored!.destinations.crm!.claim!.until).toBe(T0 + 250 + 5_000);
    expect(stored!.destinations.hook!.claim!.until).toBe(T0 + 4_000 + 5_000);
    timers.fire();
    await sent;
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { error: { message: string } }).error.message).sort()).toEqual([
      'no answer within 250 ms',
      'no answer within 4000 ms',
    ]);
  });

  it('dead-letters a 4xx with its response, and never retries it', async () => {
    const net = fakeNet(() => new Response('bad', { status: 422, statusText: 'Unprocessable' }));
    const { engine, events, outbox, advance } = setup({ net });
    await engine.deliverNow(lead('a'));
    expect(events.at(-1)).toEqual({ type: 'dead', id: 'a', destination: 'hook', reason: 'rejected', error: { status: 422, message: 'HTTP 422 Unprocessable' } });
    advance(60_000);
    expect(await engine.flush()).toEqual({ ran: true, attempted: 0 });
    expect(net.calls).toHaveLength(1);
    expect((await outbox.get('a'))!.destinations.hook).toMatchObject({ status: 'dead', deadReason: 'rejected' }); // kept for inspection
  });

  it('gives up after the give-up age with reason expired', async () => {
    const net = fakeNet(() => new Response(null, { status: 500 }));
    const { engine, events, advance } = setup({ net });
    await engine.deliverNow(lead('a'));
    advance(DEFAULT_GIVE_UP_AFTER_MS);
    await engine.flush();
    expect(events.at(-1)).toMatchObject({ type: 'dead', reason: 'expired', error: { status: 500 } });
  });

  it('waits at least as long as Retry-After', async () => {
    const net = fakeNet(() => new Response(null, { status: 429, headers: { 'Retry-After': '120' } }));
    const { engine, timers } = setup({ net });
    const { entry } = await engine.deliverNow(lead('a'));
    expect(entry.destinations.hook!.nextAttemptAt).toBe(T0 + 120_000);
    expect(timers.delays.at(-1)).toBe(120_000);
  });

  it('makes a relative endpoint absolute at submit time, so a retry from another page goes to the same place', async () => {
    const { engine, net, outbox } = setup({ destinations: [{ id: 'hook', format: 'json', endpoint: '/api/lead' }], baseUrl: 'https://site.test/pricing/', net: fakeNet(() => new Response(null, { status: 503 })) });
    await engine.deliverNow(lead('a'));
    expect(net.calls[0]!.url).toBe('https://site.test/api/lead');
    expect((await outbox.get('a'))!.destinations.hook!.config.endpoint).toBe('https://site.test/api/lead');
  });

  it('captures HubSpot hutk and page name at submit time', async () => {
    const hs: DestinationConfig = { id: 'hs', format: 'hubspot', portalId: 1, formGuid: 'g', fields: { email: 'email' } };
    const { engine, net } = setup({ destinations: [hs], cookie: () => 'a=1; hubspotutk=tok', pageName: () => 'Pricing' });
    await engine.deliverNow(lead('a'));
    expect(net.calls[0]!.url).toBe('https://api.hsforms.com/submissions/v3/integration/submit/1/g');
    expect(JSON.parse(net.calls[0]!.body).context).toEqual({ pageUri: 'https://acme.test/', pageName: 'Pricing', hutk: 'tok' });
  });

  it('runs custom transports; a page without the function leaves that destination pending', async () => {
    const got: [string, unknown][] = [];
    const seg: DestinationConfig = { id: 'seg', format: 'custom', name: 'toSegment' };
    const outbox = createMemoryOutbox();
    const without = setup({ outbox, destinations: [seg, hook] });
    await without.engine.deliverNow(lead('a'));
    expect((await outbox.get('a'))!.destinations.seg).toMatchObject({ status: 'pending', attempts: 0 });
    expect(without.timers.pending.size).toBe(0); // not its to wake up for
    const withFn = setup({ outbox, custom: { toSegment: async (p, d) => void got.push([p.id, d.name]) } });
    expect(await withFn.engine.flush()).toEqual({ ran: true, attempted: 1 });
    expect(got).toEqual([['a', 'toSegment']]);
    expect(await outbox.list()).toEqual([]);
  });

  it('never rejects and a throwing event listener does not stop delivery', async () => {
    const { engine, outbox } = setup({
      onEvent: () => {
        throw Error('host bug');
      },
    });
    await expect(engine.deliverNow(lead('a'))).resolves.toMatchObject({ durable: false });
    expect(await outbox.list()).toEqual([]);
  });
});

describe('flush', () => {
  const seed = async (outbox: Outbox, n: number, destinations = [hook]) => {
    for (let i = 0; i < n; i++) await outbox.put(createEntry(lead(`l${i}`), destinations, T0 - 1000 + i));
  };

  it('delivers what an earlier page left in the outbox (flush on next load), oldest first', async () => {
    const outbox = createMemoryOutbox();
    await seed(outbox, 3);
    const { engine, net, events } = setup({ outbox });
    expect(await engine.flush()).toEqual({ ran: true, attempted: 3 });
    expect(net.calls.map((c) => c.id)).toEqual(['l0', 'l1', 'l2']);
    expect(events.filter((e) => e.type === 'delivered').map((e) => e.id)).toEqual(['l0', 'l1', 'l2']);
  });

  it('one at a time per destination; after a retryable failure the rest of that queue waits', async () => {
    const outbox = createMemoryOutbox();
    await seed(outbox, 3, [hook, crm]);
    let inFlight = 0;
    let most = 0;
    const net = fakeNet(async (url) => {
      if (url.startsWith('https://crm')) return new Response(null, { status: 503 });
      most = Math.max(most, ++inFlight);
      await settle();
      inFlight--;
      return new Response(null, { status: 200 });
    });
    const { engine, timers } = setup({ outbox, net, destinations: [hook, crm] });
    await engine.flush();
    expect(most).toBe(1);
    expect(net.count('https://hook.test/lead')).toBe(3);
    expect(net.count('https://crm.test/lead')).toBe(1); // the endpoint is down: one probe, not three
    expect(timers.delays.at(-1)).toBe(1_000);
  });

  it('only one tab flushes: the other reports ran false and looks again later', async () => {
    const indexedDB = new IDBFactory();
    const locks = fakeWebLocks();
    const { createFlushLock } = await import('./flush-lock.js');
    const gateOpen: (() => void)[] = [];
    const net = fakeNet(() => new Promise((r) => gateOpen.push(() => r(new Response(null, { status: 200 })))));
    const outboxA = createIdbOutbox({ indexedDB });
    await seed(outboxA, 2);
    const a = setup({ outbox: outboxA, net, lock: createFlushLock({ locks }) });
    const b = setup({ outbox: createIdbOutbox({ indexedDB }), net, lock: createFlushLock({ locks }) });
    const fa = a.engine.flush();
    // A holds the lock once its first request is out (on a loaded machine that takes a while)
    while (!gateOpen.length) await settle();
    expect(await b.engine.flush()).toEqual({ ran: false, attempted: 0 });
    expect(b.timers.delays.at(-1)).toBe(LOCK_BUSY_RETRY_MS);
    // answer every request A makes until its flush is done (the second goes out after the first)
    let done = false;
    void fa.then(() => (done = true));
    while (!done) {
      while (gateOpen.length) gateOpen.shift()!();
      await settle();
    }
    expect(await fa).toEqual({ ran: true, attempted: 2 });
    expect(net.calls.map((c) => c.id)).toEqual(['l0', 'l1']);
  });

  it('two engines over one outbox never send a lead twice at once (claims), even when both flush', async () => {
    const indexedDB = new IDBFactory();
    const release: (() => void)[] = [];
    const net = fakeNet(() => new Promise((r) => release.push(() => r(new Response(null, { status: 200 })))));
    const outbox = createIdbOutbox({ indexedDB });
    await seed(outbox, 4);
    const a = setup({ outbox, net, lock: noLock, owner: 'A' });
    const b = setup({ outbox: createIdbOutbox({ indexedDB }), net, lock: noLock, owner: 'B' });
    const both = Promise.all([a.engine.flush(), b.engine.flush(), a.engine.deliverNow(lead('new'))]);
    for (let i = 0; i < 20; i++) {
      await settle();
      while (release.length) release.shift()!();
    }
    const [ra, rb] = await both;
    const perLead = new Map<string, number>();
    for (const c of net.calls) perLead.set(c.id, (perLead.get(c.id) ?? 0) + 1);
    expect(Object.fromEntries(perLead)).toEqual({ l0: 1, l1: 1, l2: 1, l3: 1, new: 1 });
    expect(ra.attempted + rb.attempted).toBe(4);
    expect(await outbox.list()).toEqual([]);
  });

  it('a flush while one runs is folded into it (one more round), not run in parallel', async () => {
    const outbox = createMemoryOutbox();
    await seed(outbox, 1);
    const { engine, net } = setup({ outbox });
    const [r1, r2] = await Promise.all([engine.flush(), engine.flush()]);
    expect(r1).toBe(r2);
    expect(net.calls).toHaveLength(1);
  });

  it('close() stops the timer', async () => {
    const { engine, timers } = setup({ net: fakeNet(() => new Response(null, { status: 503 })) });
    await engine.deliverNow(lead('a'));
    expect(timers.pending.size).toBe(1);
    engine.close();
    expect(timers.pending.size).toBe(0);
  });
});

describe('lastChance (pagehide)', () => {
  it('sends pending json leads as text/plain beacons and skips what cannot outlive the page', async () => {
    const beacons: { url: string; type: string }[] = [];
    const hs: DestinationConfig = { id: 'hs', format: 'hubspot', portalId: 1, formGuid: 'g' };
    const sf: DestinationConfig = { id: 'sf', format: 'salesforce', oid: '00D', fields: { email: 'email' } };
    const { engine } = setup({
      destinations: [hook, hs, sf],
      net: fakeNet(() => new Response(null, { status: 503 })),
      lastChance: createLastChanceSender({ sendBeacon: (url, data) => (beacons.push({ url, type: (data as Blob).type }), true), fetch: null }),
    });
    await engine.deliverNow(lead('a'));
    const report = engine.lastChance();
    expect(report).toEqual({
      sent: [
        { id: 'a', destination: 'hook', via: 'beacon' },
        { id: 'a', destination: 'sf', via: 'beacon' },
      ],
      skipped: [{ id: 'a', destination: 'hs', reason: 'unsupported' }],
    });
    expect(beacons).toEqual([
      { url: 'https://hook.test/lead', type: 'text/plain;charset=utf-8' },
      { url: 'https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8', type: 'application/x-www-form-urlencoded' },
    ]);
  });

  it('reports what the 64 KiB budget leaves out', async () => {
    const outbox = createMemoryOutbox();
    const { engine } = setup({ outbox, net: fakeNet(() => new Response(null, { status: 503 })), lastChance: createLastChanceSender({ sendBeacon: () => true, fetch: null, budgetBytes: JSON.stringify(lead('a')).length + 10 }) });
    await engine.deliverNow(lead('a'));
    await engine.deliverNow(lead('b'));
    const report = engine.lastChance();
    expect(report.sent.map((s) => s.id)).toEqual(['a']);
    expect(report.skipped).toEqual([{ id: 'b', destination: 'hook', reason: 'over-budget' }]);
    expect((await outbox.list()).map((e) => e.id)).toEqual(['a', 'b']); // still pending: sent again next load
  });
});

describe('prepare (enrichment) runs after the lead is stored', () => {
  it('a lead is in the outbox while prepare runs; what prepare gives is what every attempt sends', async () => {
    const indexedDB = new IDBFactory();
    const outbox = createIdbOutbox({ indexedDB });
    const { engine, net } = setup({ outbox, lock: noLock });
    let storedDuringPrepare: string[] = [];
    await engine.deliverNow(lead('a'), undefined, async (p) => {
      storedDuringPrepare = (await createIdbOutbox({ indexedDB }).list()).map((e) => e.id);
      return { ...p, enrichment: { employees: 5000 } };
    });
    expect(storedDuringPrepare).toEqual(['a']);
    expect(JSON.parse(net.calls[0]!.body).enrichment).toEqual({ employees: 5000 });
  });

  it('a prepare that changes the payload in place is stored too; one that rejects fails open', async () => {
    const outbox = createMemoryOutbox();
    const { engine } = setup({ outbox, net: fakeNet(() => new Response(null, { status: 503 })) });
    await engine.deliverNow(lead('a'), undefined, async (p) => Object.assign(p, { enrichment: { tier: 'gold' } }));
    await engine.deliverNow(lead('b'), undefined, () => Promise.reject(Error('enrichment down')));
    const [a, b] = await outbox.list();
    expect(a!.payload.enrichment).toEqual({ tier: 'gold' });
    expect(b!.payload.enrichment).toBeUndefined();
  });
});

describe('urgent flush (online, tab shown, page load)', () => {
  it('sends a lead waiting out a network-failure backoff at once; a server-set wait (5xx) still holds', async () => {
    let down = true;
    const net = fakeNet((url) => {
      if (down && url === hook.endpoint) throw new TypeError('Failed to fetch');
      return new Response(null, { status: down ? 503 : 200 });
    });
    const { engine, outbox } = setup({ net, destinations: [hook, crm] });
    await engine.deliverNow(lead('a'));
    const [before] = await outbox.list();
    expect(before!.destinations.hook!.lastError).toMatchObject({ message: expect.any(String) });
    expect(before!.destinations.hook!.lastError!.status).toBeUndefined();
    expect(before!.destinations.crm!.lastError!.status).toBe(503);
    down = false;
    // not urgent: nothing is due yet (both wait out their backoff)
    expect((await engine.flush()).attempted).toBe(0);
    // urgent: the network-failure one goes now; the 503 keeps its wait
    expect((await engine.flush(true)).attempted).toBe(1);
    const [after] = await outbox.list();
    expect(after!.destinations.hook!.status).toBe('delivered');
    expect(after!.destinations.crm!.status).toBe('pending');
  });
});

describe('lastChance sends only this page\'s leads', () => {
  it('a lead an earlier page left (known from a flush) is not beaconed on pagehide', async () => {
    const outbox = createMemoryOutbox();
    const failing = fakeNet(() => new Response(null, { status: 503 }));
    const earlier = setup({ outbox, net: failing });
    await earlier.engine.deliverNow(lead('old'));
    const beacons: string[] = [];
    const { engine } = setup({
      outbox,
      net: failing,
      lastChance: createLastChanceSender({ sendBeacon: (_url, data) => (beacons.push(String(data)), true), fetch: null }),
    });
    await engine.flush(); // knows 'old' now, not due
    await engine.deliverNow(lead('new'));
    expect(engine.lastChance().sent.map((s) => s.id)).toEqual(['new']);
  });
});
