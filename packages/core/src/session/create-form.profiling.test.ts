import { afterEach, describe, expect, it, vi } from 'vitest';
import { effect } from '@preact/signals-core';
import type { FormConfig, ProfilingConfig } from '../schema/form-schema.js';
import type { LeadContext, LeadPayload } from '../payload/lead-payload.js';
import { mergeProfiles, type Profile, type ProfileEntry } from '../profile/profile.js';
import { parseForm } from '../schema/parse-form.js';
import type { DeliveryResult, SessionOptions } from './form-session.js';
import { createForm } from './create-form.js';

const NOW = '2025-06-01T12:00:00.000Z';
const EARLIER = '2025-05-01T08:00:00.000Z';
const context: LeadContext = { page: 'https://acme.test/pricing?utm_source=ads#plans', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' };
const learnedHere = { form: 'pricing', version: 3, page: 'https://acme.test/pricing' };
const fromDemo = { form: 'demo', version: 1, page: 'https://acme.test/demo' };
const remembered = (value: ProfileEntry['value'], learnedAt = EARLIER): ProfileEntry => ({ value, learnedAt, source: fromDemo });

const formWith = (profiling: ProfilingConfig = {}): FormConfig => ({
  id: 'pricing',
  version: 3,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'company', type: 'text', label: 'Company', required: true },
        { id: 'src', type: 'hidden', default: 'ads', from: { url: 'src' } },
      ],
    },
    {
      id: 'about',
      fields: [
        { id: 'company_size', type: 'select', label: 'Size', options: ['1-49', '1000+'], required: true },
        { id: 'role', type: 'select', label: 'Role', options: ['dev', 'exec'], required: true },
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
  profiling: { alwaysAsk: ['email'], pool: ['company', 'company_size', 'role'], maxNewFields: 2, ...profiling },
});

const ok = async (): Promise<DeliveryResult> => ({ ok: true });
const make = (options: SessionOptions = {}, form = formWith()) =>
  createForm(form, { deliver: ok, context: () => context, now: () => new Date(NOW), uuid: () => 'id-1', urlParams: {}, cookies: {}, ...options });
const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);

it('the fixture is a valid config', () => {
  expect(parseForm(formWith())).toMatchObject({ ok: true });
});

describe('a returning visitor', () => {
  const known: Profile = { email: remembered('ada@acme.test'), company: remembered('Acme'), company_size: remembered('1000+') };

  it('skips known pool fields: not shown, not validated, not answered; their values still steer conditions', async () => {
    const payloads: LeadPayload[] = [];
    const form = make({ profile: known, deliver: async (p) => (payloads.push(p), { ok: true }) });
    expect([...form.skipped.value]).toEqual(['company', 'company_size']);
    expect(ids(form.currentFields.value)).toEqual(['email']);
    expect(form.isVisible('company')).toBe(false);
    expect(form.isVisible('email')).toBe(true);
    expect(form.values.value).toMatchObject({ email: 'ada@acme.test', company: 'Acme', company_size: '1000+' });
    // the remembered size opens the enterprise step
    expect(ids(form.visibleSteps.value)).toEqual(['contact', 'about', 'enterprise', 'finish']);

    expect(form.next()).toEqual({ ok: true });
    expect(ids(form.currentFields.value)).toEqual(['role']);
    form.set('role', 'exec');
    form.next();
    form.set('sso', 'yes');
    form.next();
    form.set('consent', true);
    const result = await form.submit();
    expect(result.ok).toBe(true);
    expect(payloads[0]!.answers).toEqual({ email: 'ada@acme.test', src: 'ads', role: 'exec', sso: 'yes', consent: true });
  });

  it('the payload profile has what was known plus what this submission taught', async () => {
    const form = make({ profile: known });
    form.set('email', 'ada@initech.test'); // changed: learned anew
    form.set('role', 'dev');
    form.set('sso', 'no');
    form.set('consent', true);
    const result = await form.submit();
    expect(result.ok && result.payload.profile).toEqual({
      email: { value: 'ada@initech.test', learnedAt: NOW, source: learnedHere },
      company: remembered('Acme'),
      company_size: remembered('1000+'),
      role: { value: 'dev', learnedAt: NOW, source: learnedHere },
      sso: { value: 'no', learnedAt: NOW, source: learnedHere },
    });
  });

  it('onLearn gets this submission’s entries: new values learned now, kept ones confirmed; hidden and consent teach nothing', async () => {
    const onLearn = vi.fn();
    const form = make({ profile: known, onLearn, urlParams: { src: 'newsletter' } });
    form.set('role', 'dev');
    form.set('sso', 'no');
    form.set('consent', true);
    expect(form.values.value.src).toBe('newsletter');
    await form.submit();
    expect(onLearn).toHaveBeenCalledTimes(1);
    expect(onLearn.mock.calls[0]![0]).toEqual({
      email: { ...remembered('ada@acme.test'), confirmedAt: NOW },
      role: { value: 'dev', learnedAt: NOW, source: learnedHere },
      sso: { value: 'no', learnedAt: NOW, source: learnedHere },
    });
  });

  it('onLearn is called once per submission: not again on a retry, again after the answers change', async () => {
    const outcomes: DeliveryResult[] = [{ ok: false, error: { message: 'x', retryable: true } }, { ok: false, error: { message: 'x', retryable: true } }];
    const onLearn = vi.fn();
    const form = make({ profile: known, onLearn, deliver: async () => outcomes.shift() ?? { ok: true } });
    form.set('role', 'dev');
    form.set('sso', 'no');
    form.set('consent', true);
    await form.submit();
    await form.submit(); // the same payload again
    expect(onLearn).toHaveBeenCalledTimes(1);
    form.set('role', 'exec');
    await form.submit();
    expect(onLearn).toHaveBeenCalledTimes(2);
    expect(onLearn.mock.calls[1]![0].role.value).toBe('exec');
  });

  it('an onLearn that throws does not stop the submission', async () => {
    const form = make({
      profile: known,
      onLearn: () => {
        throw new Error('host bug');
      },
    });
    form.set('role', 'dev');
    form.set('sso', 'no');
    form.set('consent', true);
    expect((await form.submit()).ok).toBe(true);
  });

  it('a step whose fields are all skipped is not shown', () => {
    const form = make({ profile: { ...known, company_size: remembered('1-49'), role: remembered('dev') } });
    expect(ids(form.visibleSteps.value)).toEqual(['contact', 'finish']);
    form.next();
    expect(form.currentStep.value.id).toBe('finish');
    expect(form.isLastStep.value).toBe(true);
  });

  it('everything known: welcome back, with the always-ask fields prefilled', async () => {
    const onLearn = vi.fn();
    const form = make({ profile: { ...known, company_size: remembered('1-49'), role: remembered('dev') }, onLearn });
    expect(form.welcomeBack.value).toBe(true);
    expect(ids(form.currentFields.value)).toEqual(['email']);
    expect(form.values.value.email).toBe('ada@acme.test');
    form.next();
    form.set('consent', true);
    const result = await form.submit();
    expect(result.ok && result.payload.answers).toEqual({ email: 'ada@acme.test', src: 'ads', consent: true });
    expect(onLearn.mock.calls[0]![0]).toEqual({ email: { ...remembered('ada@acme.test'), confirmedAt: NOW } });
  });

  it('when profiling skips every step, the last one stays (empty) so the visitor can still submit', async () => {
    const cfg: FormConfig = {
      id: 'short',
      version: 1,
      steps: [
        { id: 'a', fields: [{ id: 'company', type: 'text', label: 'Company', required: true }] },
        { id: 'b', fields: [{ id: 'role', type: 'text', label: 'Role', required: true }] },
      ],
      submit: { endpoint: '/leads' },
      profiling: { pool: ['company', 'role'], welcomeBack: { title: 'Welcome back!' } },
    };
    const form = make({ profile: { company: remembered('Acme'), role: remembered('CTO') } }, cfg);
    expect(ids(form.visibleSteps.value)).toEqual(['b']);
    expect(form.currentFields.value).toEqual([]);
    expect(form.welcomeBack.value).toBe(true);
    const result = await form.submit();
    expect(result.ok && result.payload).toMatchObject({ answers: {}, profile: { company: remembered('Acme'), role: remembered('CTO') } });
  });

  it('a new visitor is asked the first maxNewFields pool fields; the rest wait', () => {
    const form = make();
    expect([...form.skipped.value]).toEqual(['role']);
    expect(form.welcomeBack.value).toBe(false);
    expect(form.known.value).toEqual({});
    form.set('email', 'a@b.co');
    form.set('company', 'B');
    form.next();
    expect(ids(form.currentFields.value)).toEqual(['company_size']);
  });
});

describe('notYou()', () => {
  const known: Profile = { email: remembered('ada@acme.test'), company: remembered('Acme'), company_size: remembered('1-49'), role: remembered('dev') };

  it('restarts as for a new visitor: no remembered values, a new plan, the first step', () => {
    const form = make({ profile: known });
    const events: string[] = [];
    form.on('notYou', () => events.push('notYou'));
    form.on('step', ({ step }) => events.push(`step:${step.id}`));
    const companyShown: boolean[] = [];
    const stop = effect(() => void companyShown.push(form.isVisible('company')));
    expect(form.welcomeBack.value).toBe(true);
    form.next();
    form.next(); // consent missing: an error
    expect(form.errors.value).toEqual({ consent: 'This field is required.' });

    form.notYou();
    stop();
    expect(events).toEqual(['step:finish', 'step:contact', 'notYou']);
    expect(form.currentStep.value.id).toBe('contact');
    expect(form.errors.value).toEqual({});
    expect(form.values.value).toEqual({ src: 'ads', consent: false });
    expect(form.welcomeBack.value).toBe(false);
    expect(form.known.value).toEqual({});
    expect([...form.skipped.value]).toEqual(['role']);
    expect(ids(form.currentFields.value)).toEqual(['email', 'company']);
    expect(companyShown).toEqual([false, true]);
  });

  it('after a failed delivery, starts editing again without the old error (and the next submit is a new lead)', async () => {
    const ids: string[] = [];
    let fail = true;
    let n = 0;
    const form = make({
      profile: known,
      uuid: () => `id-${++n}`,
      deliver: async (p) => (ids.push(p.id), fail ? { ok: false, error: { message: 'down', retryable: true } } : { ok: true }),
    });
    form.next();
    form.set('consent', true);
    expect((await form.submit()).ok).toBe(false);
    expect(form.status.value).toBe('failed');
    form.notYou();
    expect(form.status.value).toBe('editing');
    expect(form.deliveryError.value).toBeUndefined();
    fail = false;
    form.set('email', 'bob@b.test');
    form.set('company', 'Bob Inc');
    form.next();
    form.set('company_size', '1-49');
    form.next();
    form.set('consent', true);
    expect((await form.submit()).ok).toBe(true);
    expect(ids).toEqual(['id-1', 'id-2']);
  });

  it('conditions that read a forgotten value are evaluated again (isVisible stays reactive)', () => {
    const form = make({ profile: { ...known, company_size: remembered('1000+') } });
    const sso: boolean[] = [];
    const stop = effect(() => void sso.push(form.isVisible('sso')));
    form.notYou();
    stop();
    expect(sso).toEqual([true, false]);
    expect(ids(form.visibleSteps.value)).toEqual(['contact', 'about', 'finish']);
  });

  it('what is submitted afterwards carries nothing of the forgotten profile', async () => {
    const onLearn = vi.fn();
    const form = make({ profile: known, onLearn });
    form.notYou();
    form.set('email', 'bob@b.test');
    form.set('company', 'Bob Inc');
    form.next();
    form.set('company_size', '1-49');
    form.next();
    form.set('consent', true);
    const result = await form.submit();
    const learned = { value: 'bob@b.test', learnedAt: NOW, source: learnedHere };
    expect(result.ok && result.payload.profile).toEqual({
      email: learned,
      company: { ...learned, value: 'Bob Inc' },
      company_size: { ...learned, value: '1-49' },
    });
    expect(onLearn).toHaveBeenCalledWith(result.ok && result.payload.profile);
  });
});

describe('three visits through the session (answers learned, merged, and planned again)', () => {
  it('asks each pool field once, then welcomes back', async () => {
    const form = formWith({ pool: ['company', 'company_size', 'role'], maxNewFields: 2 });
    let stored: Profile = {};
    const asked: string[][] = [];
    const answers: Record<string, string | boolean> = { email: 'ada@acme.test', company: 'Acme', company_size: '1-49', role: 'dev', consent: true };
    for (const day of ['2025-06-01', '2025-06-08', '2025-06-15']) {
      const s = make({ profile: stored, now: () => new Date(`${day}T09:00:00.000Z`), onLearn: (e) => (stored = mergeProfiles(stored, e)) }, form);
      const shown: string[] = [];
      for (let i = 0; i < 5 && s.status.value === 'editing'; i++) {
        for (const f of s.currentFields.value) {
          shown.push(f.id);
          if (f.id !== 'email' || !s.values.value.email) s.set(f.id, answers[f.id]);
        }
        if (s.isLastStep.value) await s.submit();
        else s.next();
      }
      expect(s.status.value).toBe('submitted');
      asked.push(shown.filter((id) => id !== 'consent'));
      if (day === '2025-06-15') expect(s.welcomeBack.value).toBe(true);
    }
    expect(asked).toEqual([['email', 'company', 'company_size'], ['email', 'role'], ['email']]);
    expect(stored.company).toEqual({ value: 'Acme', learnedAt: '2025-06-01T09:00:00.000Z', source: { ...learnedHere, page: 'https://acme.test/pricing' } });
    expect(stored.email).toEqual({ value: 'ada@acme.test', learnedAt: '2025-06-01T09:00:00.000Z', source: learnedHere, confirmedAt: '2025-06-15T09:00:00.000Z' });
  });
});

describe('page sources by default', () => {
  afterEach(() => {
    history.replaceState(null, '', '/');
    document.cookie = 'ref=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('reads URL parameters from location and cookies from document.cookie', () => {
    history.replaceState(null, '', '/pricing?email=ada%40acme.test&src=partner');
    document.cookie = 'ref=abc123';
    const cfg = formWith({ urlPrefill: ['email'] });
    cfg.steps[0]!.fields.push({ id: 'ref', type: 'hidden', from: { cookie: 'ref' } });
    const form = createForm(cfg, { deliver: ok });
    expect(form.values.value).toMatchObject({ email: 'ada@acme.test', src: 'partner', ref: 'abc123' });
  });

  it('reads document.cookie only when a field takes a value from a cookie (the first read is slow)', () => {
    let owner: object | null = document;
    while (owner && !Object.getOwnPropertyDescriptor(owner, 'cookie')) owner = Object.getPrototypeOf(owner);
    const cookie = Object.getOwnPropertyDescriptor(owner!, 'cookie')!;
    let reads = 0;
    Object.defineProperty(document, 'cookie', { configurable: true, get: () => (reads++, cookie.get!.call(document)), set: (v) => cookie.set!.call(document, v) });
    try {
      createForm(formWith({ urlPrefill: ['email'] }), { deliver: ok });
      expect(reads).toBe(0);
      const cfg = formWith({});
      cfg.steps[0]!.fields.push({ id: 'ref', type: 'hidden', from: { cookie: 'ref' } });
      createForm(cfg, { deliver: ok });
      expect(reads).toBe(1);
    } finally {
      delete (document as { cookie?: string }).cookie;
    }
  });
});

describe('updateProfile: another tab stored answers while this form is open', () => {
  const LATER = '2025-06-01T11:00:00.000Z';
  const other = { form: 'demo', version: 1, page: 'https://acme.test/demo' };
  const storedElsewhere = (value: ProfileEntry['value']): ProfileEntry => ({ value, learnedAt: LATER, source: other });

  it('skips newly known pool fields off screen, prefills untouched ones, and the payload carries the entries', async () => {
    const payloads: LeadPayload[] = [];
    const form = make({ deliver: async (p) => (payloads.push(p), { ok: true }) });
    // new visitor: email + company on step 1, company_size on step 2 (role beyond maxNewFields: 2)
    expect(ids(form.currentFields.value)).toEqual(['email', 'company']);
    expect([...form.skipped.value]).toEqual(['role']);

    form.updateProfile({ company_size: storedElsewhere('1-49'), email: storedElsewhere('ada@acme.test') });
    // company_size is off screen and now known: skipped; email (always asked) is prefilled
    expect([...form.skipped.value].sort()).toEqual(['company_size', 'role']);
    expect(form.values.value.email).toBe('ada@acme.test');
    expect(ids(form.currentFields.value)).toEqual(['email', 'company']);
    // the about step lost every field: dropped from the view
    expect(ids(form.visibleSteps.value)).toEqual(['contact', 'finish']);

    form.set('company', 'Acme');
    expect(form.next()).toEqual({ ok: true });
    form.set('consent', true);
    expect((await form.submit()).ok).toBe(true);
    const [payload] = payloads;
    expect(payload!.answers).toEqual({ email: 'ada@acme.test', company: 'Acme', src: 'ads', consent: true });
    expect(payload!.profile!.company_size).toEqual(storedElsewhere('1-49'));
  });

  it('never overwrites what the visitor typed, and never hides a field on the current step', () => {
    const form = make();
    form.set('email', 'grace@acme.test');
    form.updateProfile({ email: storedElsewhere('ada@acme.test'), company: storedElsewhere('Acme') });
    expect(form.values.value.email).toBe('grace@acme.test');
    // company is known now, but the visitor is looking at it: shown, prefilled
    expect(ids(form.currentFields.value)).toEqual(['email', 'company']);
    expect(form.values.value.company).toBe('Acme');
    expect(form.skipped.value.has('company')).toBe(false);
  });

  it('only shortens the view: a pool field that was waiting for a later visit is not asked now', () => {
    const form = make();
    expect(form.skipped.value.has('role')).toBe(true);
    // company_size known elsewhere frees a slot — but asking role now would lengthen a form being filled
    form.updateProfile({ company_size: storedElsewhere('1-49') });
    expect(form.skipped.value.has('role')).toBe(true);
    expect(form.skipped.value.has('company_size')).toBe(true);
  });

  it('a field the visitor already answered stays shown when another tab learns it', () => {
    const form = make();
    form.set('email', 'ada@acme.test');
    form.set('company', 'Acme');
    form.next();
    form.back();
    form.set('company_size', '1000+'); // answered on this tab (set on any step counts)
    form.updateProfile({ company_size: storedElsewhere('1-49') });
    expect(form.skipped.value.has('company_size')).toBe(false);
    expect(form.values.value.company_size).toBe('1000+');
  });

  it('is ignored after the lead was delivered', async () => {
    const form = make({ profile: { company: remembered('Acme'), company_size: remembered('1-49'), role: remembered('dev') } });
    form.set('email', 'ada@acme.test');
    form.next();
    form.set('consent', true);
    expect((await form.submit()).ok).toBe(true);
    const before = form.known.value;
    form.updateProfile({ email: storedElsewhere('x@y.test') });
    expect(form.known.value).toBe(before);
  });

  it('"Not you?" after an update starts over as a new visitor (touched fields forgotten too)', () => {
    const form = make();
    form.set('company', 'Acme');
    form.updateProfile({ company_size: storedElsewhere('1-49') });
    form.notYou();
    expect(form.values.value.company).toBeUndefined();
    expect([...form.skipped.value]).toEqual(['role']);
  });
});
