// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createForm } from '../index.js';

describe('createForm in Node (SSR, receivers): no browser globals needed', () => {
  it('builds a payload with empty page facts', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const form = createForm({
      id: 'ssr',
      version: 1,
      steps: [{ id: 's', fields: [{ id: 'email', type: 'email', default: 'ada@example.com' }] }],
      submit: { endpoint: '/lead' },
    });
    const payload = form.buildPayload();
    expect(payload.answers).toEqual({ email: 'ada@example.com' });
    expect(payload.context).toMatchObject({ page: '', referrer: '', utm: {} });
    expect(payload.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
