import { describe, expect, it } from 'vitest';
import { computed, effect } from '@preact/signals-core';
import fc from 'fast-check';
import type { FormConfig } from '../schema/form-schema.js';
import type { LeadContext, LeadPayload } from '../payload/lead-payload.js';
import type { FieldValue } from '../model/values.js';
import type { Profile, ProfileEntry } from '../profile/profile.js';
import { parseForm } from '../schema/parse-form.js';
import { sameValue } from '../conditions/same-value.js';
import { createForm } from './create-form.js';
import type { SessionOptions } from './form-session.js';

// `session.fieldValue(id)`: one field's value as a signal of its own, which the renderer reads per
// field instead of `values` (rebuilt for every answer), so an answer costs O(1) in the number of
// fields. It must always say what `values` says for that field.

const NOW = '2025-06-01T12:00:00.000Z';
const context: LeadContext = { page: 'https://acme.test/demo', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' };
const remembered = (value: FieldValue): ProfileEntry => ({ value, learnedAt: '2025-05-01T08:00:00.000Z', source: { form: 'other', page: 'https://acme.test/' } });

const FORM: FormConfig = {
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'you',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'company', type: 'text', label: 'Company' },
        { id: 'kind', type: 'select', label: 'Kind', options: ['saas', 'other'] },
        // shown only for "other": its value while hidden is what this file is about
        { id: 'detail', type: 'text', label: 'Which?', when: { field: 'kind', equals: 'other' } },
        { id: 'seats', type: 'number', label: 'Seats' },
        { id: 'tools', type: 'checkboxes', label: 'Tools', options: ['a', 'b', 'c'] },
        { id: 'news', type: 'checkbox', label: 'Newsletter' },
      ],
    },
    // a whole step that appears with a value
    { id: 'big', when: { field: 'seats', gte: 100 }, fields: [{ id: 'sso', type: 'radio', label: 'SSO?', options: ['yes', 'no'] }] },
  ],
  submit: { endpoint: '/leads' },
  profiling: { alwaysAsk: ['email'], pool: ['company', 'seats'] },
};
const IDS = FORM.steps.flatMap((s) => s.fields.map((f) => f.id));

const make = (options: SessionOptions = {}) =>
  createForm(FORM, { deliver: async () => ({ ok: true }), context: () => context, now: () => new Date(NOW), uuid: () => 'id', urlParams: {}, cookies: {}, ...options });

/** Every field's `fieldValue` agrees with `values` (the public record it mirrors). */
function expectMirrors(form: ReturnType<typeof make>) {
  const record = form.values.value;
  for (const id of IDS) expect([id, form.fieldValue(id).value]).toEqual([id, record[id]]);
}

it('the fixture is a valid config', () => {
  expect(parseForm(FORM)).toMatchObject({ ok: true });
});

describe('fieldValue', () => {
  it("an answer to one field neither notifies nor recomputes another field's value", () => {
    const form = make();
    let recomputed = 0;
    const company = computed(() => (recomputed++, form.fieldValue('company').value));
    const heard: (FieldValue | undefined)[] = [];
    const stop = effect(() => void heard.push(company.value));
    // the same read through `values`, for contrast: what the renderer did before
    let viaRecord = 0;
    const stopRecord = effect(() => void (viaRecord++, form.values.value.company));

    for (const value of ['a', 'ad', 'ada@', 'ada@acme.test']) form.set('email', value);
    form.set('kind', 'other'); // a visibility change too
    form.set('seats', 500); // and a step appearing

    expect(recomputed).toBe(1);
    expect(heard).toEqual([undefined]);
    expect(viaRecord).toBe(7);

    form.set('company', 'Acme');
    expect(recomputed).toBe(2);
    expect(heard).toEqual([undefined, 'Acme']);
    stop();
    stopRecord();
  });

  it('is one signal per id, holds the stored (coerced) value, and is created with the current value', () => {
    const form = make();
    form.set('seats', '42' as unknown as FieldValue);
    expect(form.fieldValue('seats')).toBe(form.fieldValue('seats'));
    expect(form.fieldValue('seats').value).toBe(42);
    expect(form.fieldValue('news').value).toBe(false); // an unticked box starts as an answer
    form.set('tools', ['c', 'a']);
    const tools = form.fieldValue('tools');
    form.set('tools', undefined);
    expect(tools.value).toBeUndefined();
    expect(form.fieldValue('no-such-field').value).toBeUndefined();
    form.set('no-such-field', 'x');
    expect(form.fieldValue('no-such-field').value).toBeUndefined();
  });

  it('keeps a hidden field’s value, as `values` does, while it is not submitted', async () => {
    const payloads: LeadPayload[] = [];
    const form = make({ deliver: async (p) => (payloads.push(p), { ok: true }) });
    const detail = form.fieldValue('detail');
    const sso = form.fieldValue('sso');
    form.set('kind', 'other');
    form.set('detail', 'ERP');
    form.set('seats', 500);
    form.set('sso', 'yes');
    expectMirrors(form);

    form.set('kind', 'saas'); // detail hidden by its own condition
    form.set('seats', 5); // sso hidden with its step
    expect([form.isVisible('detail'), form.isVisible('sso')]).toEqual([false, false]);
    expect([detail.value, sso.value]).toEqual(['ERP', 'yes']);
    expectMirrors(form);

    form.set('email', 'ada@acme.test');
    expect((await form.submit()).ok).toBe(true);
    expect(payloads[0]!.answers).not.toHaveProperty('detail');
    expect(payloads[0]!.answers).not.toHaveProperty('sso');
  });

  it('"Not you?" starts every value over, and each field hears it', () => {
    const form = make({ profile: { email: remembered('ada@acme.test'), company: remembered('Acme') } });
    const email = form.fieldValue('email');
    const company = form.fieldValue('company');
    const heard: string[] = [];
    const stop = effect(() => void heard.push(`${email.value}|${company.value}`));
    form.set('seats', 12);
    form.set('news', true);
    const seats = form.fieldValue('seats');
    expect(heard).toEqual(['ada@acme.test|Acme']);

    form.notYou();
    expect([email.value, company.value, seats.value, form.fieldValue('news').value]).toEqual([undefined, undefined, undefined, false]);
    // one notification for the whole restart (it is batched)
    expect(heard).toEqual(['ada@acme.test|Acme', 'undefined|undefined']);
    expectMirrors(form);
    stop();
  });

  it('follows a profile update: untouched fields are prefilled, typed ones keep their value', () => {
    const form = make();
    const email = form.fieldValue('email');
    const company = form.fieldValue('company');
    form.set('email', 'grace@acme.test');
    form.updateProfile({ email: remembered('ada@acme.test'), company: remembered('Acme'), seats: remembered(250) });
    expect([email.value, company.value, form.fieldValue('seats').value]).toEqual(['grace@acme.test', 'Acme', 250]);
    expectMirrors(form);
  });

  it('always says what `values` says, whatever the sequence of answers, profile updates and restarts', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constantFrom('saas', 'other', 'x', ' ', 'ada@acme.test'), fc.integer({ min: 0, max: 300 }), fc.boolean(), fc.subarray(['a', 'b', 'c']));
    const profile = fc.dictionary(fc.constantFrom('email', 'company', 'seats'), fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 300 })).map(remembered), { maxKeys: 3 });
    const step = fc.oneof(
      fc.tuple(fc.constantFrom(...IDS), value).map(([id, v]) => ({ kind: 'set' as const, id, v })),
      profile.map((p: Profile) => ({ kind: 'profile' as const, p })),
      fc.constant({ kind: 'notYou' as const }),
      // a field's signal first read in the middle of the run
      fc.constantFrom(...IDS).map((id) => ({ kind: 'read' as const, id })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), profile, (steps, initial) => {
        const form = make({ profile: initial });
        const read = new Set<string>(['kind']);
        const agree = () => {
          const record = form.values.value;
          for (const id of read) if (!sameValue(form.fieldValue(id).value, record[id])) return false;
          return true;
        };
        for (const s of steps) {
          if (s.kind == 'set') form.set(s.id, s.v as FieldValue | undefined);
          else if (s.kind == 'profile') form.updateProfile(s.p);
          else if (s.kind == 'notYou') form.notYou();
          else read.add(s.id);
          if (!agree()) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
