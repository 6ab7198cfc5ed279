// The lead that is sent is the session's own: listeners, the enrichment hook and callers get
// frozen copies (issue 14: a `submit` listener could rewrite the lead), and `beforeSubmit` is the
// one documented way to change or cancel it.
import { describe, expect, it } from 'vitest';
import type { FormConfig } from '../schema/form-schema.js';
import type { LeadContext, LeadPayload } from '../payload/lead-payload.js';
import { buildPayload } from '../payload/build-payload.js';
import type { DeliveryResult, SessionOptions, SessionServices } from './form-session.js';
import { createSession } from './create-session.js';
import { frozenCopy, leadAfterHook } from '../payload/frozen-copy.js';

const config: FormConfig = {
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'you',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'topics', type: 'checkboxes', label: 'Topics', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
      ],
    },
  ],
  submit: { endpoint: 'https://api.example.com/leads' },
};
const context: LeadContext = { page: 'https://example.com/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' };

/** A session whose deliveries are recorded as the JSON that would go on the wire. */
function session(options: SessionOptions = {}, answer: () => DeliveryResult = () => ({ ok: true, status: 201 })) {
  const wire: string[] = [];
  const s: SessionServices = {
    context: () => context,
    payload: buildPayload,
    lead: leadAfterHook,
    copy: frozenCopy,
    deliver: async (payload) => {
      await Promise.resolve(); // listeners of `submit` have run by now
      wire.push(JSON.stringify(payload));
      return answer();
    },
  };
  const form = createSession(config, options, s);
  form.set('email', 'ada@acme.test');
  form.set('topics', ['a', 'b']);
  return { form, wire, sent: () => wire.map((body) => JSON.parse(body) as LeadPayload) };
}

describe('listeners get frozen copies', () => {
  it('a submit listener cannot change what is sent, and what it tries throws (strict mode)', async () => {
    const { form, sent } = session();
    const tried: string[] = [];
    form.on('submit', ({ payload }) => {
      for (const change of [
        () => ((payload as { answers: Record<string, unknown> }).answers.email = 'evil@x.test'),
        () => (payload.answers.topics as string[]).push('c'),
        () => ((payload as { score?: unknown }).score = { total: 100 }),
      ])
        try {
          change();
        } catch (error) {
          tried.push((error as Error).name);
        }
    });
    const result = await form.submit();
    expect(tried).toEqual(['TypeError', 'TypeError', 'TypeError']);
    expect(sent()[0]!.answers).toEqual({ email: 'ada@acme.test', topics: ['a', 'b'] });
    expect(result.ok && Object.isFrozen(result.payload.answers)).toBe(true);
  });

  it('delivered, error and buildPayload hand out copies too; a retry sends the same body', async () => {
    let fail = true;
    const { form, wire } = session({}, () => (fail ? { ok: false, error: { message: 'down', retryable: true } } : { ok: true, status: 201 }));
    const seen: LeadPayload[] = [];
    form.on('error', ({ payload }) => seen.push(payload!));
    form.on('delivered', ({ payload }) => seen.push(payload));
    await form.submit();
    expect(() => ((seen[0]!.answers as Record<string, unknown>).email = 'x')).toThrow(TypeError);
    expect(Object.isFrozen(form.buildPayload())).toBe(true);
    fail = false;
    await form.submit();
    expect(wire).toHaveLength(2);
    expect(wire[1]).toBe(wire[0]);
    expect(Object.isFrozen(seen[1])).toBe(true);
  });

  it('a host Array.prototype.toJSON (prototype.js) does not turn a checkbox answer into a string in the copies', async () => {
    const proto = Array.prototype as unknown as { toJSON?: () => string };
    proto.toJSON = function () {
      return 'mangled';
    };
    try {
      const { form } = session();
      const copies: LeadPayload[] = [];
      form.on('submit', ({ payload }) => copies.push(payload));
      await form.submit();
      expect(Array.isArray(copies[0]!.answers.topics)).toBe(true);
    } finally {
      delete proto.toJSON;
    }
  });
});

describe('beforeSubmit', () => {
  it('may change the lead: what it returns is sent, once per submission, and the listeners see it', async () => {
    let calls = 0;
    const { form, sent } = session({
      beforeSubmit: (lead) => {
        calls++;
        expect(Object.isFrozen(lead)).toBe(true);
        return { ...lead, answers: { ...lead.answers, email: lead.answers.email!.toString().toUpperCase() } };
      },
    });
    const heard: unknown[] = [];
    form.on('submit', ({ payload }) => heard.push(payload.answers.email));
    await form.submit();
    expect(sent()[0]!.answers.email).toBe('ADA@ACME.TEST');
    expect(heard).toEqual(['ADA@ACME.TEST']);
    expect(calls).toBe(1);
  });

  it('keeps no hold on the lead it returned: changing that object later changes nothing sent', async () => {
    let kept: { answers: Record<string, unknown> } | undefined;
    let fail = true;
    const { form, wire } = session(
      { beforeSubmit: (lead) => (kept = structuredClone(lead) as never) as unknown as LeadPayload },
      () => (fail ? { ok: false, error: { message: 'down', retryable: true } } : { ok: true, status: 201 }),
    );
    await form.submit();
    kept!.answers.email = 'changed-later@x.test';
    fail = false;
    await form.submit();
    expect(JSON.parse(wire[1]!).answers.email).toBe('ada@acme.test');
  });

  it('false cancels: nothing is sent, the form is editable again, and the next submit asks again', async () => {
    let cancel = true;
    const { form, wire } = session({ beforeSubmit: () => (cancel ? false : undefined) });
    const submits: unknown[] = [];
    form.on('submit', (e) => submits.push(e));
    expect(await form.submit()).toEqual({ ok: false, reason: 'cancelled' });
    expect(form.status.value).toBe('editing');
    expect(wire).toEqual([]);
    expect(submits).toEqual([]);
    cancel = false;
    expect((await form.submit()).ok).toBe(true);
    expect(wire).toHaveLength(1);
  });

  it('a changed id, a non-object answer or a throw fail the attempt with a message naming it; nothing is sent', async () => {
    const cases: [SessionOptions['beforeSubmit'], RegExp][] = [
      [(lead) => ({ ...lead, id: 'mine' }), /^Error: beforeSubmit changed the lead's id to "mine": the id is its idempotency key and must stay "/],
      [() => 'yes' as never, /^Error: beforeSubmit must return the lead \(changed or not\), false to cancel, or nothing; it returned yes/],
      [
        () => {
          throw Error('CRM lookup failed');
        },
        /^Error: CRM lookup failed$/,
      ],
    ];
    for (const [beforeSubmit, message] of cases) {
      const { form, wire } = session({ beforeSubmit });
      const errors: string[] = [];
      form.on('error', ({ error }) => errors.push(error.detail!));
      const result = await form.submit();
      expect(result.ok).toBe(false);
      expect(form.status.value).toBe('failed');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
      expect(wire).toEqual([]);
    }
  });
});
