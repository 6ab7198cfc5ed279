import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import { runCustomTransport } from './custom-transport.js';
import type { Timers } from './timers.js';

const payload = { id: 'p1' } as LeadPayload;

describe('runCustomTransport', () => {
  it('gets the payload and destination; nothing returned means delivered', async () => {
    const seen: unknown[] = [];
    expect(await runCustomTransport((p, d) => void seen.push(p, d), payload, { id: 'crm' })).toEqual({ ok: true });
    expect(seen).toEqual([payload, { id: 'crm' }]);
    expect(await runCustomTransport(async () => ({ ok: true, status: 201 }), payload, {})).toEqual({ ok: true, status: 201 });
  });

  it('classifies failures: explicit retryable, else by status, else retryable', async () => {
    expect(await runCustomTransport(async () => ({ ok: false, status: 422 }), payload, {})).toMatchObject({ ok: false, retryable: false, status: 422 });
    expect(await runCustomTransport(async () => ({ ok: false, status: 503, retryAfterMs: 9 }), payload, {})).toMatchObject({ ok: false, retryable: true, status: 503, retryAfterMs: 9 });
    expect(await runCustomTransport(async () => ({ ok: false, retryable: false, message: 'no' }), payload, {})).toMatchObject({ ok: false, retryable: false, message: 'no' });
    expect(await runCustomTransport(async () => ({ ok: false }), payload, {})).toMatchObject({ ok: false, retryable: true });
  });

  it('throwing (sync or async) is a retryable failure', async () => {
    expect(await runCustomTransport(() => { throw Error('boom'); }, payload, {})).toMatchObject({ ok: false, retryable: true, message: 'custom transport threw: boom' });
    expect(await runCustomTransport(async () => Promise.reject(Error('later')), payload, {})).toMatchObject({ ok: false, retryable: true });
  });

  it('times out on the injected timer', async () => {
    let fire!: () => void;
    const timers: Timers = { setTimeout: (run) => ((fire = run), 1), clearTimeout: () => {} };
    const pending = runCustomTransport(() => new Promise(() => {}), payload, {}, { timers, timeoutMs: 50 });
    fire();
    expect(await pending).toMatchObject({ ok: false, retryable: true, kind: 'timeout' });
  });
});
