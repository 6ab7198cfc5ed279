// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import { createDeliveryEngine, type DeliveryEvent } from './delivery-engine.js';
import { createFlushLock } from './flush-lock.js';
import { createIdbOutbox } from './idb-outbox.js';
import type { OutboxProblem } from './outbox.js';

const payload: LeadPayload = {
  schema: 'cairn.lead/1',
  id: 'node-1',
  form: { id: 'demo', version: 1 },
  submittedAt: '2025-01-01T00:00:00.000Z',
  answers: { email: 'ada@example.com' },
  context: { page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' },
};

describe('delivery in Node (no DOM, no IndexedDB)', () => {
  it('falls back to a memory outbox with one problem report, and delivers', async () => {
    expect(globalThis.indexedDB).toBeUndefined();
    const problems: OutboxProblem[] = [];
    const events: DeliveryEvent[] = [];
    const bodies: string[] = [];
    const outbox = createIdbOutbox({ onProblem: (p) => problems.push(p) });
    const engine = createDeliveryEngine({
      outbox,
      destinations: [{ id: 'hook', format: 'json', endpoint: 'https://hook.test/lead' }],
      fetch: (async (_u: string, init: RequestInit) => (bodies.push(String(init.body)), new Response(null, { status: 202 }))) as unknown as typeof fetch,
      onEvent: (e) => events.push(e),
    });
    const result = await engine.deliverNow(payload);
    expect(result).toMatchObject({ durable: false, entry: { destinations: { hook: { status: 'delivered' } } } });
    expect(problems).toHaveLength(1);
    expect(JSON.parse(bodies[0]!)).toEqual(payload);
    expect(events.map((e) => e.type)).toEqual(['stored', 'destination-delivered', 'delivered']);
    expect(engine.lastChance()).toEqual({ sent: [], skipped: [] });
    engine.close();
  });

  it('picks a lock that works here', async () => {
    expect(await createFlushLock({ locks: null }).tryRun(async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
  });
});
