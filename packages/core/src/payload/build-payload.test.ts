import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildPayload, randomId } from './build-payload.js';
import type { LeadContext } from './lead-payload.js';

const context: LeadContext = { page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('buildPayload', () => {
  it('builds a cairn.lead/1 payload', () => {
    const payload = buildPayload({
      form: { id: 'demo', version: 3 },
      answers: { email: 'ada@example.com' },
      context,
      now: () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
      uuid: () => 'id-1',
    });
    expect(payload).toEqual({
      schema: 'cairn.lead/1',
      id: 'id-1',
      form: { id: 'demo', version: 3 },
      submittedAt: '2025-01-02T03:04:05.000Z',
      answers: { email: 'ada@example.com' },
      profile: {},
      context,
    });
  });

  it('carries the known profile entries, after the answers', () => {
    const profile = {
      company_size: { value: '50-199', learnedAt: '2025-01-01T00:00:00.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
    };
    const payload = buildPayload({ form: { id: 'pricing', version: 1 }, answers: { email: 'a@b.co' }, profile, context });
    expect(payload.profile).toBe(profile);
    expect(Object.keys(payload)).toEqual(['schema', 'id', 'form', 'submittedAt', 'answers', 'profile', 'context']);
  });

  it('defaults to a random UUID and the current time', () => {
    const a = buildPayload({ form: { id: 'f', version: '1' }, answers: {}, context });
    const b = buildPayload({ form: { id: 'f', version: '1' }, answers: {}, context });
    expect(a.id).toMatch(UUID_V4);
    expect(a.id).not.toBe(b.id);
    expect(Math.abs(Date.parse(a.submittedAt) - Date.now())).toBeLessThan(5_000);
  });
});

describe('randomId', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('falls back to getRandomValues where randomUUID is missing (plain http pages)', () => {
    const getRandomValues = vi.fn(<T extends ArrayBufferView>(a: T) => {
      new Uint8Array(a.buffer).fill(0xff);
      return a;
    });
    vi.stubGlobal('crypto', { getRandomValues });
    expect(randomId()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(getRandomValues).toHaveBeenCalledOnce();
  });

  it('still makes distinct v4 ids without any crypto', () => {
    vi.stubGlobal('crypto', undefined);
    const ids = new Set(Array.from({ length: 50 }, randomId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
