import { afterEach, describe, expect, it, vi } from 'vitest';
import { effect } from '@preact/signals-core';
import type { FormConfig } from '../schema/form-schema.js';
import type { LeadContext, LeadPayload } from '../payload/lead-payload.js';
import type { Deliver, DeliveryResult, SessionOptions } from './form-session.js';
import { createForm } from './create-form.js';

const context: LeadContext = { page: 'https://acme.test/demo', referrer: '', utm: { source: 'ads' }, locale: 'en', timezone: 'UTC' };

const config: FormConfig = {
  id: 'demo',
  version: 2,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', required: true },
        { id: 'name', type: 'text', required: true, max: 40 },
        { id: 'source', type: 'hidden', default: 'landing' },
      ],
    },
    {
      id: 'company',
      fields: [
        { id: 'size', type: 'select', options: ['1-10', '11-200', '1000+'], required: true },
        { id: 'enterprise', type: 'text', required: true, when: { field: 'size', equals: '1000+' } },
        { id: 'seats', type: 'number', min: 1 },
      ],
    },
    {
      id: 'procurement',
      when: { field: 'size', equals: '1000+' },
      fields: [{ id: 'vendor', type: 'text', required: true }],
    },
    {
      id: 'finish',
      fields: [
        { id: 'topics', type: 'checkboxes', options: ['api', 'sso'] },
        { id: 'consent', type: 'consent', required: true },
      ],
    },
  ],
  submit: { endpoint: 'https://hooks.acme.test/lead', headers: { 'X-Form': 'demo' } },
};

/** A deliver stand-in that records payloads and answers with the queued outcomes (default ok). */
function recordingDeliver(...outcomes: DeliveryResult[]) {
  const payloads: LeadPayload[] = [];
  const deliver: Deliver = async (payload) => {
    payloads.push(payload);
    return outcomes.shift() ?? { ok: true, status: 200 };
  };
  return { payloads, deliver };
}

let ids = 0;
const make = (options: SessionOptions = {}, cfg = config) =>
  createForm(cfg, {
    context: () => context,
    now: () => new Date('2025-03-04T05:06:07.000Z'),
    uuid: () => `id-${++ids}`,
    ...options,
  });

/** Fills the form to the last step with valid answers. */
function fillToEnd(form: ReturnType<typeof make>, size = '11-200') {
  form.set('email', 'ada@example.com');
  form.set('name', 'Ada');
  expect(form.next()).toEqual({ ok: true });
  form.set('size', size);
  if (size === '1000+') form.set('enterprise', 'Yes');
  expect(form.next()).toEqual({ ok: true });
  if (size === '1000+') {
    form.set('vendor', 'Acme Procurement');
    expect(form.next()).toEqual({ ok: true });
  }
  form.set('consent', true);
}

describe('createForm: values and visibility', () => {
  it('seeds defaults, initial values (coerced to the field type) and unticked boxes', () => {
    const form = make({ initialValues: { name: 'Grace', seats: '12', source: 'partner', nope: 'x' } });
    expect(form.values.value).toEqual({ name: 'Grace', seats: 12, source: 'partner', consent: false });
  });

  it('lists visible steps and the current step’s shown fields (hidden-type excluded)', () => {
    const form = make();
    expect(form.visibleSteps.value.map((s) => s.id)).toEqual(['contact', 'company', 'finish']);
    expect(form.currentStep.value.id).toBe('contact');
    expect(form.currentFields.value.map((f) => f.id)).toEqual(['email', 'name']);
    expect(form.isFirstStep.value).toBe(true);
    expect(form.isLastStep.value).toBe(false);

    form.set('size', '1000+');
    expect(form.visibleSteps.value.map((s) => s.id)).toEqual(['contact', 'company', 'procurement', 'finish']);
    expect(form.isVisible('enterprise')).toBe(true);
    expect(form.isVisible('nope')).toBe(false);
  });

  it('isVisible is reactive per field: only flips re-run its readers', () => {
    const form = make();
    const seen: boolean[] = [];
    const stop = effect(() => void seen.push(form.isVisible('enterprise')));
    form.set('email', 'a@b.co'); // unrelated
    form.set('size', '1000+');
    form.set('size', '1000+'); // same value: no-op
    form.set('size', '1-10');
    stop();
    expect(seen).toEqual([false, true, false]);
  });

  it('keeps values hidden by a condition but leaves them out of the answers', () => {
    const form = make();
    form.set('size', '1000+');
    form.set('enterprise', 'Big');
    form.set('vendor', 'SAP');
    form.set('size', '1-10');
    expect(form.values.value).toMatchObject({ enterprise: 'Big', vendor: 'SAP' });
    const { answers } = form.buildPayload();
    expect(answers).toEqual({ size: '1-10', source: 'landing', consent: false });
  });

  it('emits change with the stored value', () => {
    const form = make();
    const changes: unknown[] = [];
    form.on('change', (d) => changes.push(d));
    form.set('seats', '7');
    form.set('seats', undefined);
    form.set('unknown', 'x');
    expect(changes).toEqual([
      { field: 'seats', value: 7 },
      { field: 'seats', value: undefined },
    ]);
    expect('seats' in form.values.value).toBe(false);
  });
});

describe('createForm: steps and validation', () => {
  it('next() validates the current step and reports the first invalid field in display order', () => {
    const form = make();
    form.set('name', 'x'.repeat(41));
    const result = form.next();
    expect(result).toEqual({
      ok: false,
      firstInvalid: 'email',
      errors: { email: 'This field is required.', name: 'Enter at most 40 characters.' },
    });
    expect(form.errors.value).toEqual(result.ok ? {} : result.errors);
    expect(form.currentStep.value.id).toBe('contact');
  });

  it('moves through visible steps only, emitting step; back() returns', () => {
    const form = make();
    const steps: string[] = [];
    form.on('step', ({ index, step }) => steps.push(`${index}:${step.id}`));
    fillToEnd(form);
    expect(steps).toEqual(['1:company', '2:finish']); // procurement skipped
    expect(form.isLastStep.value).toBe(true);
    expect(form.progress.value).toBeCloseTo(2 / 3);
    form.back();
    expect(form.currentStep.value.id).toBe('company');
    expect(steps.at(-1)).toBe('1:company');
    form.back();
    form.back(); // already first: nothing happens
    expect(steps).toEqual(['1:company', '2:finish', '1:company', '0:contact']);
    expect(form.progress.value).toBe(0);
  });

  it('a field revealed by an answer is validated on next()', () => {
    const form = make();
    fillToEnd(form);
    form.back();
    form.set('size', '1000+');
    expect(form.next()).toMatchObject({ ok: false, firstInvalid: 'enterprise' });
  });

  it('fixing a field clears its error; other errors stay until fixed', () => {
    const form = make();
    form.set('email', 'not-an-email');
    form.next();
    expect(Object.keys(form.errors.value)).toEqual(['email', 'name']);
    form.set('email', 'still wrong');
    expect(form.errors.value.email).toBe('Enter a valid email address.');
    form.set('email', 'ada@example.com');
    expect(form.errors.value).toEqual({ name: 'This field is required.' });
  });

  it('a field that disappears takes its error with it', () => {
    const form = make();
    form.set('size', '1000+');
    form.set('email', 'ada@example.com');
    form.set('name', 'Ada');
    form.next();
    expect(form.next()).toMatchObject({ ok: false, firstInvalid: 'enterprise' });
    form.set('size', '1-10');
    expect(form.errors.value).toEqual({});
  });

  it('validateField validates one field now and updates errors', () => {
    const form = make({ initialValues: { email: 'nope' } });
    expect(form.validateField('email')).toBe('Enter a valid email address.');
    expect(form.errors.value).toEqual({ email: 'Enter a valid email address.' });
    expect(form.validateField('enterprise')).toBeUndefined(); // hidden: nothing to fix
    expect(form.validateField('unknown')).toBeUndefined();
  });

  it('uses the form’s required label', () => {
    const form = make({}, { ...config, labels: { required: 'Bitte ausfüllen.' } });
    expect(form.next()).toMatchObject({ errors: { email: 'Bitte ausfüllen.', name: 'Bitte ausfüllen.' } });
  });

  it('if an answer hides the current step, the session falls back to the visible step before it', () => {
    const cfg: FormConfig = {
      id: 'f',
      version: 1,
      steps: [
        { id: 'a', fields: [{ id: 'x', type: 'text' }] },
        { id: 'b', when: { field: 'y', notEquals: 'skip' }, fields: [{ id: 'y', type: 'text' }] },
        { id: 'c', fields: [{ id: 'z', type: 'text' }] },
      ],
      submit: { endpoint: '/lead' },
    };
    const form = make({}, cfg);
    form.next();
    expect(form.currentStep.value.id).toBe('b');
    form.set('y', 'skip'); // a config that hides its own step
    expect(form.currentStep.value.id).toBe('a');
    expect(form.stepIndex.value).toBe(0);
  });
});

describe('createForm: submit', () => {
  it('validates, builds the payload, delivers it and reports submitted', async () => {
    const { payloads, deliver } = recordingDeliver({ ok: true, status: 202 });
    const form = make({ deliver });
    const events: string[] = [];
    form.on('submit', () => events.push(`submit:${form.status.value}`));
    form.on('delivered', ({ status }) => events.push(`delivered:${status}`));
    fillToEnd(form, '1000+');
    form.set('topics', ['api']);

    const pending = form.submit();
    expect(form.status.value).toBe('submitting');
    const result = await pending;

    expect(result.ok).toBe(true);
    expect(form.status.value).toBe('submitted');
    expect(form.progress.value).toBe(1);
    expect(events).toEqual(['submit:submitting', 'delivered:202']);
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toEqual({
      schema: 'cairn.lead/1',
      id: expect.stringMatching(/^id-\d+$/),
      form: { id: 'demo', version: 2 },
      submittedAt: '2025-03-04T05:06:07.000Z',
      answers: {
        email: 'ada@example.com',
        name: 'Ada',
        source: 'landing',
        size: '1000+',
        enterprise: 'Yes',
        vendor: 'Acme Procurement',
        topics: ['api'],
        consent: true,
      },
      profile: {
        email: { value: 'ada@example.com', learnedAt: '2025-03-04T05:06:07.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
        name: { value: 'Ada', learnedAt: '2025-03-04T05:06:07.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
        size: { value: '1000+', learnedAt: '2025-03-04T05:06:07.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
        enterprise: { value: 'Yes', learnedAt: '2025-03-04T05:06:07.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
        vendor: { value: 'Acme Procurement', learnedAt: '2025-03-04T05:06:07.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
        topics: { value: ['api'], learnedAt: '2025-03-04T05:06:07.000Z', source: { form: 'demo', version: 2, page: 'https://acme.test/demo' } },
      },
      // the page runtime's behaviour tracker adds the visit and its attribution, as the script tag does
      context: { ...context, signals: expect.any(Object), visits: 1, firstTouch: expect.any(Object), lastTouch: expect.any(Object), touchpoints: expect.any(Array) },
    });
    expect(result).toEqual({ ok: true, payload: payloads[0] });

    // Delivered once: submitting again does not send again.
    expect(await form.submit()).toBe(result);
    expect(payloads).toHaveLength(1);
  });

  it('a lead kept to retry in the background (queued) ends the visitor\'s part: submitted, `queued` instead of `delivered`', async () => {
    const error = { message: 'offline', retryable: true };
    const { payloads, deliver } = recordingDeliver({ ok: true, queued: true, error });
    const form = make({ deliver });
    const events: unknown[] = [];
    form.on('queued', (d) => events.push(['queued', d]));
    form.on('delivered', (d) => events.push(['delivered', d]));
    form.on('error', (d) => events.push(['error', d]));
    fillToEnd(form);
    const result = await form.submit();
    expect(result).toEqual({ ok: true, payload: payloads[0] });
    expect(form.status.value).toBe('submitted');
    expect(form.deliveryError.value).toBeUndefined();
    expect(events).toEqual([['queued', { payload: payloads[0], error }]]);
    expect(await form.submit()).toBe(result); // never handed over twice
    expect(payloads).toHaveLength(1);
  });

  it('trims text answers and leaves empty ones out', async () => {
    const { payloads, deliver } = recordingDeliver();
    const form = make({ deliver });
    fillToEnd(form);
    form.set('name', '  Ada  ');
    form.set('topics', []);
    await form.submit();
    expect(payloads[0]!.answers).toEqual({ email: 'ada@example.com', name: 'Ada', source: 'landing', size: '11-200', consent: true });
  });

  it('refuses an invalid submission and shows the step with the first invalid field', async () => {
    const { payloads, deliver } = recordingDeliver();
    const form = make({ deliver });
    fillToEnd(form);
    form.set('name', ''); // an earlier step broke after the visitor left it
    const steps: string[] = [];
    form.on('step', ({ step }) => steps.push(step.id));
    const result = await form.submit();
    expect(result).toEqual({ ok: false, reason: 'invalid', errors: { name: 'This field is required.' }, firstInvalid: 'name' });
    expect(form.currentStep.value.id).toBe('contact');
    expect(steps).toEqual(['contact']);
    expect(form.errors.value).toEqual({ name: 'This field is required.' });
    expect(form.status.value).toBe('editing');
    expect(payloads).toHaveLength(0);

    const last = make({ deliver });
    fillToEnd(last);
    last.set('consent', false);
    expect(await last.submit()).toMatchObject({ ok: false, firstInvalid: 'consent' });
  });

  it('a retry after a failed delivery resends the same payload with the same id', async () => {
    const error = { message: 'busy', status: 503, retryable: true };
    const { payloads, deliver } = recordingDeliver({ ok: false, error });
    const form = make({ deliver });
    const failures: unknown[] = [];
    form.on('error', (d) => failures.push(d));
    fillToEnd(form);

    const first = await form.submit();
    expect(first).toEqual({ ok: false, reason: 'delivery', error, payload: payloads[0] });
    expect(form.status.value).toBe('failed');
    expect(form.deliveryError.value).toEqual(error);
    expect(failures).toEqual([{ kind: 'delivery', error, payload: payloads[0] }]);
    expect(form.buildPayload()).toEqual(payloads[0]); // pending submission (a frozen copy of it)

    const second = await form.submit();
    expect(second.ok).toBe(true);
    expect(payloads).toHaveLength(2);
    expect(payloads[1]).toBe(payloads[0]);
    expect(form.deliveryError.value).toBeUndefined();
  });

  it('changed answers after a failure make a new submission with a new id', async () => {
    const { payloads, deliver } = recordingDeliver({ ok: false, error: { message: 'x', retryable: true } });
    const form = make({ deliver });
    fillToEnd(form);
    await form.submit();
    form.set('name', 'Ada'); // unchanged: still the same submission
    form.set('topics', ['sso']);
    await form.submit();
    expect(payloads[1]!.id).not.toBe(payloads[0]!.id);
    expect(payloads[1]!.answers.topics).toEqual(['sso']);
  });

  it('a second submit() while one is in flight returns the same promise', async () => {
    let release!: (r: DeliveryResult) => void;
    const deliver = vi.fn<Deliver>(() => new Promise((resolve) => (release = resolve)));
    const form = make({ deliver });
    fillToEnd(form);
    const a = form.submit();
    const b = form.submit();
    expect(b).toBe(a);
    release({ ok: true });
    await a;
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('a deliver that throws counts as a failed, retryable attempt', async () => {
    const form = make({ deliver: () => Promise.reject(new Error('boom')) });
    fillToEnd(form);
    const result = await form.submit();
    expect(result).toMatchObject({ ok: false, reason: 'delivery', error: { retryable: true } });
    expect(form.status.value).toBe('failed');
  });

  it('a new payload id per buildPayload() while nothing is pending', () => {
    const form = make();
    expect(form.buildPayload().id).not.toBe(form.buildPayload().id);
  });

  describe('default delivery', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('POSTs to submit.endpoint with its headers and the idempotency key', async () => {
      const requests: { url: string; init: RequestInit }[] = [];
      vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
        requests.push({ url, init });
        return new Response(null, { status: 204 });
      });
      const form = make({});
      fillToEnd(form);
      const result = await form.submit();
      expect(result.ok).toBe(true);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.url).toBe('https://hooks.acme.test/lead');
      expect(requests[0]!.init.headers).toMatchObject({ 'X-Form': 'demo', 'Idempotency-Key': result.ok ? result.payload.id : '' });
    });
  });
});

describe('createForm: events', () => {
  it('a throwing listener breaks neither the session nor other listeners', () => {
    const form = make();
    const seen: string[] = [];
    form.on('change', () => {
      throw new Error('host bug');
    });
    form.on('change', ({ field }) => seen.push(field));
    expect(() => form.set('name', 'Ada')).not.toThrow();
    expect(seen).toEqual(['name']);
    expect(form.values.value.name).toBe('Ada');
  });

  it('unsubscribes with the returned function, and destroy() drops every listener', () => {
    const form = make();
    const a = vi.fn();
    const b = vi.fn();
    const off = form.on('change', a);
    form.on('change', b);
    off();
    form.set('name', 'A');
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    form.destroy();
    form.set('name', 'B');
    expect(b).toHaveBeenCalledTimes(1);
  });
});
