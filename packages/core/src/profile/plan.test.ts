import { describe, expect, test } from 'vitest';
import type { FieldConfig, FormConfig, ProfilingConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { parseForm } from '../schema/parse-form.js';
import { checkFormShape } from '../schema/check-form.js';
import { createForm } from '../session/create-form.js';
import type { Profile, ProfileEntry } from './profile.js';
import { planProfiling, type PlanOptions } from './plan.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const DAY = 864e5;
const iso = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();

/** A remembered answer, learned `daysAgo` on the demo form. */
const entry = (value: FieldValue, daysAgo = 1, extra: Partial<ProfileEntry> = {}): ProfileEntry => ({
  value,
  learnedAt: iso(daysAgo),
  source: { form: 'demo', version: 1, page: 'https://acme.test/demo' },
  ...extra,
});

const select = (id: string, options: string[], extra: Partial<FieldConfig> = {}): FieldConfig => ({ id, type: 'select', label: id, options, ...extra });

/** The pricing form of the worked example: email always asked, six pool fields, an enterprise follow-up, consent. */
const formWith = (profiling: ProfilingConfig = {}, extraFields: FieldConfig[] = []): FormConfig => ({
  id: 'pricing',
  version: 3,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'company', type: 'text', label: 'Company', required: true },
        ...extraFields,
      ],
    },
    {
      id: 'about',
      fields: [
        select('company_size', ['1-49', '50-999', '1000+'], { required: true }),
        select('role', ['dev', 'ops', 'exec'], { required: true }),
        select('industry', ['saas', 'retail', 'finance']),
        select('country', ['US', 'DE', 'other']),
        { id: 'phone', type: 'tel', label: 'Phone' },
      ],
    },
    {
      id: 'enterprise',
      when: { field: 'company_size', equals: '1000+' },
      fields: [{ id: 'sso', type: 'radio', label: 'SSO?', options: ['yes', 'no'], required: true }],
    },
    { id: 'finish', fields: [{ id: 'consent', type: 'consent', label: 'I agree', required: true }] },
  ],
  submit: { endpoint: '/leads' },
  profiling: { alwaysAsk: ['email'], pool: ['company', 'company_size', 'role', 'industry', 'country', 'phone'], ...profiling },
});

const plan = (form: FormConfig, profile: Profile = {}, options: Partial<PlanOptions> = {}) => planProfiling(form, profile, { now: NOW, ...options });
const skipped = (form: FormConfig, profile?: Profile, options?: Partial<PlanOptions>) => [...plan(form, profile, options).skip].sort();

test('the fixtures are valid configs', () => {
  expect(parseForm(formWith())).toMatchObject({ ok: true });
});

describe('the worked example: three visits', () => {
  const form = formWith();
  // what each visit's answers teach the profile
  const visit1: Profile = { email: entry('ada@acme.test', 20), company: entry('Acme', 20), company_size: entry('50-999', 20), role: entry('dev', 20) };
  const visit2: Profile = { ...visit1, industry: entry('saas', 5), country: entry('DE', 5), phone: entry('+49 30 1234', 5) };

  test('visit 1, a new visitor: email and the first three pool fields; the rest wait', () => {
    const p = plan(form);
    expect([...p.skip]).toEqual(['industry', 'country', 'phone']);
    expect(p).toMatchObject({ prefill: {}, known: {}, allKnown: false });
  });

  test('visit 2: the known three are skipped, the next three asked; email prefilled', () => {
    const p = plan(form, visit1);
    expect([...p.skip]).toEqual(['company', 'company_size', 'role']);
    expect(p.prefill).toEqual({ email: 'ada@acme.test', company: 'Acme', company_size: '50-999', role: 'dev' });
    expect(p.known).toEqual(visit1);
    expect(p.allKnown).toBe(false);
  });

  test('visit 3, everything known: only the always-ask email (and consent) is left — welcome back', () => {
    const p = plan(form, visit2);
    expect([...p.skip].sort()).toEqual(['company', 'company_size', 'country', 'industry', 'phone', 'role']);
    expect(p.prefill.email).toBe('ada@acme.test');
    expect(p.known).toEqual(visit2);
    expect(p.allKnown).toBe(true);
  });

  test('visit 3 of an enterprise visitor: the SSO follow-up is still to ask, so no welcome back', () => {
    const p = plan(form, { ...visit2, company_size: entry('1000+', 5) });
    expect(p.skip.has('company_size')).toBe(true); // its value still opens the enterprise step
    expect(p.allKnown).toBe(false);
  });
});

describe('what is asked, skipped and prefilled', () => {
  const known3: Profile = { company: entry('Acme'), company_size: entry('50-999'), role: entry('dev') };
  const cases: [string, ProfilingConfig, Profile, Partial<PlanOptions>, string[]][] = [
    ['maxNewFields 1: one unknown pool field per view', { maxNewFields: 1 }, {}, {}, ['company_size', 'country', 'industry', 'phone', 'role']],
    ['maxNewFields above the pool size: every pool field', { maxNewFields: 10 }, {}, {}, []],
    ['skipKnown false: known pool fields are shown (prefilled) and use no slot', { skipKnown: false }, known3, {}, []],
    ['skipKnown false, nothing known: still at most maxNewFields', { skipKnown: false }, {}, {}, ['country', 'industry', 'phone']],
    ['a stale value (refreshAfterDays for every field) is asked again', { refreshAfterDays: 30 }, { ...known3, role: entry('dev', 31) }, {}, ['company', 'company_size', 'phone']],
    ['refreshAfterDays by field id: only that field goes stale', { refreshAfterDays: { company: 30 } }, { ...known3, company: entry('Acme', 40), role: entry('dev', 200) }, {}, ['company_size', 'phone', 'role']],
    ['a recent confirmedAt keeps an old value fresh', { refreshAfterDays: 30 }, { ...known3, role: entry('dev', 200, { confirmedAt: iso(2) }) }, {}, ['company', 'company_size', 'role']],
    ['older than retentionDays: forgotten, asked as unknown', { retentionDays: 90 }, { ...known3, company: entry('Acme', 91) }, {}, ['company_size', 'phone', 'role']],
    ['a remembered value that is not an option any more is asked again', {}, { ...known3, company_size: entry('huge') }, {}, ['company', 'phone', 'role']],
    ['a remembered value that fails validation is asked again', {}, { ...known3, company: entry('   ') }, {}, ['company_size', 'phone', 'role']],
    ['a value of another type that the field cannot hold counts as unknown', {}, { ...known3, company: entry(['a', 'b']) }, {}, ['company_size', 'phone', 'role']],
    ['a URL value that differs from the remembered one is shown to confirm', { urlPrefill: ['company'] }, known3, { urlParams: { company: 'Initech' } }, ['company_size', 'phone', 'role']],
    ['a URL value equal to the remembered one changes nothing', { urlPrefill: ['company'] }, known3, { urlParams: { company: 'Acme' } }, ['company', 'company_size', 'role']],
    ['a pool field that is also always asked is never skipped, nor uses a slot (a config parseForm rejects)', { alwaysAsk: ['email', 'company'] }, known3, {}, ['company_size', 'role']],
    ['pool ids that are no field are passed over', { pool: ['nope', 'company', 'role'] }, {}, {}, []],
  ];
  test.each(cases)('%s', (_, profiling, profile, options, expected) => {
    expect(skipped(formWith(profiling), profile, options)).toEqual(expected);
  });

  test('by default, values are kept 365 days', () => {
    expect(plan(formWith(), { company: entry('Acme', 365) }).known).toEqual({ company: entry('Acme', 365) });
    expect(plan(formWith(), { company: entry('Acme', 366) }).known).toEqual({});
  });

  test('remembered false and 0 are values like any other', () => {
    const form = formWith({ pool: ['newsletter', 'seats'] }, [
      { id: 'newsletter', type: 'checkbox', label: 'Newsletter' },
      { id: 'seats', type: 'number', label: 'Seats' },
    ]);
    const p = plan(form, { newsletter: entry(false), seats: entry(0) });
    expect(p.prefill).toEqual({ newsletter: false, seats: 0 });
    expect([...p.skip]).toEqual(['newsletter', 'seats']);
  });

  test('a stale value is asked prefilled, and stays in `known` for the payload', () => {
    const profile = { role: entry('dev', 31) };
    const p = plan(formWith({ refreshAfterDays: 30 }), profile);
    expect(p.skip.has('role')).toBe(false);
    expect(p.prefill.role).toBe('dev');
    expect(p.known).toEqual(profile);
  });

  test('fields outside the pool and always-ask fields are shown, prefilled when known', () => {
    const form = formWith({}, [{ id: 'first_name', type: 'text', label: 'First name' }]);
    const p = plan(form, { email: entry('ada@acme.test'), first_name: entry('Ada') });
    expect(p.skip.has('email') || p.skip.has('first_name')).toBe(false);
    expect(p.prefill).toEqual({ email: 'ada@acme.test', first_name: 'Ada' });
  });

  test('known values are coerced to the field type', () => {
    const form = formWith({}, [{ id: 'seats', type: 'number', label: 'Seats' }]);
    expect(plan(form, { seats: entry('12') }).prefill.seats).toBe(12);
  });

  test('consent is never taken from the profile (it is given per form)', () => {
    const p = plan(formWith(), { consent: entry(true) });
    expect(p.prefill).toEqual({});
    expect(p.known).toEqual({});
  });

  test('without a profiling config, known values still prefill and nothing is skipped', () => {
    const { profiling: _, ...form } = formWith();
    const p = plan(form as FormConfig, { company: entry('Acme'), phone: entry('+1 555') });
    expect(p).toMatchObject({ prefill: { company: 'Acme', phone: '+1 555' }, allKnown: false });
    expect(p.skip.size).toBe(0);
  });

  test('an entry for a key no field of this form has stays out of `known`', () => {
    expect(plan(formWith(), { webinar_topic: entry('pricing'), company: entry('Acme') }).known).toEqual({ company: entry('Acme') });
  });
});

describe('a pool field behind a condition', () => {
  const form = formWith({ pool: ['company', 'sso', 'role', 'industry', 'country'] });

  test('whose condition fails with what is known uses no slot: it is a follow-up', () => {
    const p = plan(form);
    expect([...p.skip]).toEqual(['country']); // company, role, industry asked; sso if the size says so
  });

  test('after the slots are full, a follow-up is still not skipped (the docs promise it is asked if it appears)', () => {
    const late = formWith({ pool: ['company', 'role', 'industry', 'sso', 'country'] });
    const p = plan(late);
    expect(p.skip.has('sso')).toBe(false);
    expect([...p.skip]).toEqual(['country']);
  });

  test('whose condition holds uses a slot', () => {
    const p = plan(form, { company_size: entry('1000+') });
    expect([...p.skip]).toEqual(['industry', 'country']);
  });

  test('conditions read defaults where nothing is known', () => {
    const withDefault = structuredClone(form);
    withDefault.steps[1]!.fields[0]!.default = '1000+';
    expect([...plan(withDefault).skip]).toEqual(['industry', 'country']);
  });
});

describe('profile keys', () => {
  test('a field reads the key it names (other forms ask the same thing under another id)', () => {
    const form = formWith({ pool: ['org'] }, [{ id: 'org', type: 'text', label: 'Organisation', profile: 'company' }]);
    const p = plan(form, { company: entry('Acme') });
    expect(p.skip.has('org')).toBe(true);
    expect(p.prefill.org).toBe('Acme');
    expect(p.known).toEqual({ company: entry('Acme') });
  });

  test('migrate moves an old key to its new one before planning', () => {
    const form = formWith({ migrate: { employees: 'company_size' } });
    const p = plan(form, { employees: entry('50-999') });
    expect(p.skip.has('company_size')).toBe(true);
    expect(p.known).toEqual({ company_size: entry('50-999') });
  });
});

describe('prefill from the page and the host', () => {
  const hidden = (id: string, from: FieldConfig['from'], extra: Partial<FieldConfig> = {}): FieldConfig => ({ id, type: 'hidden', from, ...extra });

  test('URL parameters prefill only allow-listed fields', () => {
    const p = plan(formWith({ urlPrefill: ['email'] }), {}, { urlParams: { email: 'ada@acme.test', company: 'Evil Corp' } });
    expect(p.prefill).toEqual({ email: 'ada@acme.test' });
  });

  test('a URL value alone never makes a pool field known', () => {
    const p = plan(formWith({ urlPrefill: ['company'] }), {}, { urlParams: { company: 'Acme' } });
    expect(p.skip.has('company')).toBe(false);
    expect(p.prefill.company).toBe('Acme');
    expect(p.known).toEqual({});
  });

  test('sources in order: initial values, from.url, from.cookie, urlPrefill, the profile', () => {
    const form = formWith({ urlPrefill: ['a', 'b', 'c', 'd', 'e'] }, ['a', 'b', 'c', 'd', 'e'].map((id) => hidden(id, { url: 'u', cookie: 'k' })));
    const all = { initialValues: { a: 'mount' }, urlParams: { u: 'url', a: 'x', b: 'x', c: 'x', d: 'x', e: 'x' }, cookies: { k: 'cookie' } };
    const profile = { a: entry('p'), b: entry('p'), c: entry('p'), d: entry('p'), e: entry('p') };
    expect(plan(form, profile, all).prefill).toMatchObject({ a: 'mount', b: 'url', c: 'url', d: 'url', e: 'url' });
    expect(plan(form, profile, { ...all, urlParams: { d: 'same-name' } }).prefill).toMatchObject({ a: 'mount', b: 'cookie', d: 'cookie' });
    expect(plan(form, profile, { urlParams: { d: 'same-name' } }).prefill).toMatchObject({ a: 'p', d: 'same-name' });
  });

  test('empty parameters are passed over; long ones are cut to 1,000 characters', () => {
    const form = formWith({}, [hidden('gclid', { url: 'gclid' }), hidden('ref', { cookie: 'ref' }, { default: 'none' })]);
    const p = plan(form, {}, { urlParams: { gclid: 'x'.repeat(5000) }, cookies: { ref: '' } });
    expect(p.prefill.gclid).toHaveLength(1000);
    expect('ref' in p.prefill).toBe(false); // the session falls back to the default
  });

  test('names that are not own keys of the parameters are not read', () => {
    const form = formWith({ urlPrefill: ['toString'] }, [hidden('proto', { url: 'constructor', cookie: '__proto__' }), { id: 'toString', type: 'text', label: 't' }]);
    expect(plan(form, { constructor: entry('x') }, { urlParams: {}, cookies: {} }).prefill).toEqual({});
  });

  test('a value the field type cannot hold falls through to the next source', () => {
    const form = formWith({ urlPrefill: ['seats'] }, [{ id: 'seats', type: 'number', label: 'Seats' }]);
    expect(plan(form, { seats: entry(7) }, { urlParams: { seats: '' } }).prefill.seats).toBe(7);
    expect(plan(form, { seats: entry(7) }, { urlParams: { seats: '12' } }).prefill.seats).toBe(12);
  });
});

describe('welcome back (allKnown)', () => {
  const all: Profile = {
    company: entry('Acme'),
    company_size: entry('1-49'),
    role: entry('dev'),
    industry: entry('saas'),
    country: entry('US'),
    phone: entry('+1 555 0100'),
  };
  const cases: [string, ProfilingConfig, Profile, FieldConfig[], boolean][] = [
    ['every pool field known, only always-ask and consent left', {}, all, [], true],
    ['one pool field unknown', {}, { ...all, phone: undefined as never }, [], false],
    ['one pool field stale', { refreshAfterDays: { phone: 1 } }, { ...all, phone: entry('+1 555 0100', 2) }, [], false],
    ['a field outside the pool is left to ask', {}, all, [{ id: 'message', type: 'textarea', label: 'Message' }], false],
    ['…unless its condition fails with what is known', {}, all, [{ id: 'msg', type: 'textarea', label: 'M', when: { field: 'company', equals: 'nobody' } }], true],
    ['hidden fields are never asked', {}, all, [{ id: 'src', type: 'hidden', default: 'ads' }], true],
    ['skipKnown false shows the pool again', { skipKnown: false }, all, [], false],
    ['an empty pool is never a welcome back', { pool: [] }, all, [], false],
    ['…even when every field is always asked', { pool: [], alwaysAsk: ['email', 'company', 'company_size', 'role', 'industry', 'country', 'phone', 'sso'] }, all, [], false],
  ];
  test.each(cases)('%s', (_, profiling, profile, extra, expected) => {
    const clean = Object.fromEntries(Object.entries(profile).filter(([, e]) => e)) as Profile;
    expect(plan(formWith(profiling, extra), clean).allKnown).toBe(expected);
  });
});

describe('configs the shape half accepts but the semantic half rejects (the script tag renders them before the verdict)', () => {
  const broken: [string, ProfilingConfig][] = [
    ['unknown pool ids', { pool: ['nope', 'compnay'], alwaysAsk: ['emial'], urlPrefill: ['x'] }],
    ['a field in the pool twice and always asked', { pool: ['company', 'company'], alwaysAsk: ['company'] }],
    ['no new fields at all', { maxNewFields: 0 }],
    ['negative and fractional numbers', { maxNewFields: -1.5, retentionDays: -3, refreshAfterDays: -1 }],
    ['refreshAfterDays for unknown fields', { refreshAfterDays: { nope: 3, constructor: 1 } }],
    ['migrate to keys no field has, in a loop', { migrate: { company: 'nope', nope: 'company' } }],
  ];
  test.each(broken)('%s: planned and run without throwing', (_, profiling) => {
    const form = formWith(profiling, [{ id: 'dup', type: 'number', label: 'D', profile: 'company' }]);
    expect(checkFormShape(form).ok).toBe(true);
    expect(parseForm(form).ok).toBe(false);
    const profile = { company: entry('Acme'), email: entry('a@b.co'), nope: entry('x') };
    expect(() => plan(form, profile, { urlParams: { email: 'x' } })).not.toThrow();
    const session = createForm(form, { profile, urlParams: {}, cookies: {} });
    expect(() => [session.visibleSteps.value, session.currentFields.value, session.next(), session.buildPayload(), session.notYou()]).not.toThrow();
  });
});
