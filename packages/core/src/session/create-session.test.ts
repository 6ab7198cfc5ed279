import { describe, expect, it } from 'vitest';
import type { FormConfig } from '../schema/form-schema.js';
import type { LeadContext, LeadPayload } from '../payload/lead-payload.js';
import { buildPayload, type PayloadInput } from '../payload/build-payload.js';
import type { SessionEvents, SessionServices } from './form-session.js';
import { createSession } from './create-session.js';
import { frozenCopy, leadAfterHook } from '../payload/frozen-copy.js';

// createSession takes the submission services explicitly; the script tag passes
// ones that come from a module loaded after the form is interactive and makes
// submit() wait for it through ready.

const config: FormConfig = {
  id: 'newsletter',
  version: 1,
  steps: [{ id: 'you', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
  submit: { endpoint: 'https://api.example.com/leads' },
};
const context: LeadContext = { page: 'https://example.com/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' };

function services(gate: { open: () => Promise<void> }) {
  const built: PayloadInput[] = [];
  const sent: LeadPayload[] = [];
  const s: SessionServices = {
    context: () => context,
    payload: (input) => {
      built.push(input);
      return buildPayload(input);
    },
    deliver: async (payload) => {
      sent.push(payload);
      return { ok: true, status: 201 };
    },
    ready: () => gate.open(),
    lead: leadAfterHook,
    copy: frozenCopy,
  };
  return { s, built, sent };
}

describe('createSession', () => {
  it('waits for ready before building the payload, and builds it from the values at that moment', async () => {
    let release!: () => void;
    const gate = { open: () => new Promise<void>((resolve) => (release = resolve)) };
    const { s, built, sent } = services(gate);
    const session = createSession(config, {}, s);
    const submitted: SessionEvents['submit'][] = [];
    session.on('submit', (e) => submitted.push(e));

    session.set('email', 'ada@example.com');
    const result = session.submit();
    expect(session.status.value).toBe('submitting');
    expect(built).toHaveLength(0);
    expect(submitted).toHaveLength(0);

    release();
    const outcome = await result;
    expect(outcome.ok).toBe(true);
    expect(built).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.answers).toEqual({ email: 'ada@example.com' });
    expect(submitted.map((e) => e.payload.id)).toEqual([sent[0]!.id]);
  });

  it('a failing ready is a retryable failed attempt: nothing built or sent; the next try goes through', async () => {
    let fail = true;
    const gate = { open: () => (fail ? Promise.reject(new Error('could not load')) : Promise.resolve()) };
    const { s, built, sent } = services(gate);
    const session = createSession(config, {}, s);
    const errors: SessionEvents['error'][] = [];
    session.on('error', (e) => errors.push(e));
    session.set('email', 'ada@example.com');

    const first = await session.submit();
    expect(first).toMatchObject({ ok: false, reason: 'delivery', error: { retryable: true } });
    expect(first.ok === false && first.reason === 'delivery' && first.payload).toBeUndefined();
    expect(session.status.value).toBe('failed');
    expect(session.deliveryError.value?.retryable).toBe(true);
    expect(errors).toHaveLength(1);
    expect(built).toHaveLength(0);
    expect(sent).toHaveLength(0);

    fail = false;
    const second = await session.submit();
    expect(second.ok).toBe(true);
    expect(sent).toHaveLength(1);
    expect(session.status.value).toBe('submitted');
  });

  it('without ready, submit is emitted before submit() returns (as createForm always did)', () => {
    const { s } = services({ open: () => Promise.resolve() });
    delete s.ready;
    const session = createSession(config, {}, s);
    let emitted = false;
    session.on('submit', () => (emitted = true));
    session.set('email', 'ada@example.com');
    void session.submit();
    expect(emitted).toBe(true);
  });
});
