// The delivery engine is loaded only when a lead may come (issue 11): `createPageDelivery`'s
// front, in happy-dom with a fresh fake IndexedDB per test, with the engine's loader counted.
import { describe, expect, it, vi } from 'vitest';
import { pagePerTest, until } from '../../test/page-sandbox.js';
import { createIdbOutbox } from '../delivery/idb-outbox.js';
import { createEntry } from '../delivery/outbox-entry.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FormConfig } from '../schema/form-schema.js';
import { exists } from '../storage/idb.js';
import { outboxDb } from '../storage/names.js';
import { createPageDelivery } from './page-delivery.js';
import { createPageState } from './page-state.js';

pagePerTest();

const FORM = { id: 'f', version: 1, steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email' }] }], submit: { endpoint: 'https://leads.test/in' } } as FormConfig;
const lead = (id: string) => ({ id, schema: 'cairn.lead/1', form: { id: 'f', version: 1 }, answers: { email: 'ada@acme.test' }, submittedAt: new Date().toISOString() }) as unknown as LeadPayload;
const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));
const listener = { delivered() {}, refused() {}, storage() {} };

function counted() {
  const load = vi.fn(() => import('./page-engine.js'));
  return { load, delivery: createPageDelivery(createPageState(), true, load) };
}

describe('the delivery engine, on demand', () => {
  it('a page with no outbox and no answer never loads it; `wake` does not either', async () => {
    const { load, delivery } = counted();
    delivery.wake();
    await settle();
    expect(load).not.toHaveBeenCalled();
    // nor did looking create the outbox
    expect(await exists(outboxDb())).toBe(false);
  });

  it('`wake` loads it where an earlier page left the outbox, and sends what is in it', async () => {
    const sent: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => (sent.push(`${url} ${JSON.parse(String(init.body)).id}`), new Response('{}', { status: 201 }))));
    const earlier = createIdbOutbox();
    await earlier.put(createEntry(lead('left-behind'), [{ id: 'default', format: 'json', endpoint: 'https://leads.test/in' }], Date.now()));
    const { load, delivery } = counted();
    delivery.wake();
    await until(() => sent.length > 0);
    expect(load).toHaveBeenCalledTimes(1);
    expect(sent).toEqual(['https://leads.test/in left-behind']);
  });

  it('`start` (the first answer) loads it once; a lead delivered after that reaches the engine in the same task', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 201 })));
    const reached: string[] = [];
    const load = vi.fn(() =>
      import('./page-engine.js').then((m) => ({
        ...m,
        createEngineDelivery: (...args: Parameters<typeof m.createEngineDelivery>) => {
          const engine = m.createEngineDelivery(...args);
          const deliver = engine.deliver;
          engine.deliver = (payload, ...rest) => (reached.push(payload.id), deliver(payload, ...rest));
          return engine;
        },
      })),
    );
    const delivery = createPageDelivery(createPageState(), true, load);
    delivery.start();
    delivery.start();
    await until(() => load.mock.calls.length > 0);
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    const result = delivery.deliver(lead('now'), FORM, {}, listener);
    // no await yet: the loaded engine was called synchronously (its outbox write starts in the click's task)
    expect(reached).toEqual(['now']);
    expect(await result).toMatchObject({ ok: true });
  });

  it('an engine that cannot be loaded: the visitor is told to try again, the console says why, the next try loads again', async () => {
    let fail = true;
    const load = vi.fn(() => (fail ? Promise.reject(new Error('Failed to fetch dynamically imported module: /cairn-page-engine.js')) : import('./page-engine.js')));
    const state = createPageState();
    const warn = vi.spyOn(state, 'warn').mockImplementation(() => {});
    const delivery = createPageDelivery(state, true, load);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 201 })));
    expect(await delivery.deliver(lead('a'), FORM, {}, listener)).toEqual({ ok: false, error: { message: "We couldn't send your details. Please try again.", retryable: true } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not load the delivery engine: Failed to fetch dynamically imported module: /cairn-page-engine.js'));
    fail = false;
    expect(await delivery.deliver(lead('a'), FORM, {}, listener)).toMatchObject({ ok: true });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
