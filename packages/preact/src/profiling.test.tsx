import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { h } from 'preact';
import { createForm, parseForm } from '@cairn/core';
import type { FormSession, LeadPayload, Profile, ProfileEntry, SessionOptions } from '@cairn/core';
import { CairnForm } from './index.js';

// Progressive profiling in the renderer: real sessions from `createForm`, given
// the profile the embed would have read from the store before mounting.

const sessions: FormSession[] = [];
afterEach(() => {
  cleanup();
  for (const s of sessions.splice(0)) s.destroy();
});

const NOW = '2025-06-01T12:00:00.000Z';
const fromDemo = { form: 'demo', version: 1, page: 'https://acme.test/demo' };
const remembered = (value: ProfileEntry['value']): ProfileEntry => ({ value, learnedAt: '2025-05-01T08:00:00.000Z', source: fromDemo });

/** email always asked; a pool of four, three new ones per view; a consent box that is never remembered. */
const pricing = (profiling: Record<string, unknown> = {}, extraStep = false) => ({
  id: 'pricing',
  version: 3,
  title: 'Get pricing',
  steps: [
    {
      id: 'contact',
      title: 'Contact',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'company', type: 'text', label: 'Company', required: true },
        { id: 'size', type: 'radio', label: 'Company size', options: ['1-49', '1000+'], required: true },
        { id: 'role', type: 'select', label: 'Role', options: ['dev', 'exec'] },
        { id: 'country', type: 'text', label: 'Country' },
        { id: 'gdpr', type: 'consent', label: 'I agree to the privacy policy', required: true },
      ],
    },
    ...(extraStep ? [{ id: 'more', title: 'More', fields: [{ id: 'goal', type: 'textarea', label: 'Goal' }] }] : []),
  ],
  submit: { endpoint: 'https://acme.test/leads' },
  profiling: { alwaysAsk: ['email'], pool: ['company', 'size', 'role', 'country'], maxNewFields: 3, ...profiling },
});

const everything: Profile = {
  email: remembered('ada@acme.test'),
  company: remembered('Acme'),
  size: remembered('1000+'),
  role: remembered('exec'),
  country: remembered('DE'),
};

function show(config: unknown, options: SessionOptions = {}) {
  const parsed = parseForm(config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const s = createForm(parsed.form, {
    context: () => ({ page: 'https://acme.test/pricing', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' }),
    now: () => new Date(NOW),
    uuid: () => 'id-1',
    urlParams: {},
    cookies: {},
    ...options,
  });
  sessions.push(s);
  return { s, ...render(<CairnForm session={s} />) };
}

/** Preact runs effects after paint (rAF, or 35 ms): wait past that before checking where focus ended. */
const effects = () => new Promise((resolve) => setTimeout(resolve, 60));
const names = (container: Element) => [...new Set([...container.querySelectorAll('[name]')].map((e) => e.getAttribute('name')))];
const notYou = () => screen.queryByRole('button', { name: 'Not you?' });

describe('a returning visitor', () => {
  test('every pool field known: welcome back, only the always-ask fields, prefilled', () => {
    const { container } = show(pricing(), { profile: everything });
    expect(screen.getByText('Welcome back!').tagName).toBe('STRONG');
    expect(screen.getByText('Welcome back!').parentElement!.textContent).toBe('Welcome back! Confirm your details and send. Not you?');
    // consent is given per form: asked again, never taken from the profile
    expect(names(container)).toEqual(['email', 'gdpr']);
    expect((screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement).value).toBe('ada@acme.test');
    expect((screen.getByRole('checkbox', { name: 'I agree to the privacy policy' }) as HTMLInputElement).checked).toBe(false);
    expect(notYou()!.getAttribute('type')).toBe('button');
  });

  test('welcome-back words come from profiling.welcomeBack, as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = show(pricing({ welcomeBack: { title: 'Hello again', message: evil } }), { profile: everything });
    expect(screen.getByText('Hello again').tagName).toBe('STRONG');
    expect(screen.getByText(evil, { exact: false })).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  test('a welcome-back submit sends the always-ask answers and the whole remembered profile', async () => {
    const payloads: LeadPayload[] = [];
    show(pricing(), { profile: everything, deliver: async (p) => (payloads.push(p), { ok: true }) });
    fireEvent.click(screen.getByRole('checkbox', { name: 'I agree to the privacy policy' }));
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(payloads[0]!.answers).toEqual({ email: 'ada@acme.test', gdpr: true });
    expect(payloads[0]!.profile).toMatchObject({
      company: { value: 'Acme', source: fromDemo },
      country: { value: 'DE', learnedAt: '2025-05-01T08:00:00.000Z' },
      email: { value: 'ada@acme.test', confirmedAt: NOW },
    });
  });

  test('partly known: known pool fields skipped, the next ones asked, a known always-ask value visible in its input', () => {
    const { container } = show(pricing(), { profile: { email: remembered('ada@acme.test'), company: remembered('Acme') } });
    expect(screen.queryByText('Welcome back!')).toBeNull();
    expect(names(container)).toEqual(['email', 'size', 'role', 'country', 'gdpr']);
    expect((screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement).value).toBe('ada@acme.test');
    expect(notYou()).not.toBeNull();
  });

  test('skipKnown: false shows known pool fields with their remembered values', () => {
    show(pricing({ skipKnown: false }), { profile: everything });
    expect((screen.getByRole('textbox', { name: 'Company' }) as HTMLInputElement).value).toBe('Acme');
    expect((screen.getByRole('radio', { name: '1000+' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('combobox', { name: 'Role' }) as HTMLSelectElement).value).toBe('exec');
    expect(screen.queryByText('Welcome back!')).toBeNull();
  });

  test('"Not you?" starts over as a new visitor: pool asked up to maxNewFields, values cleared, notYou fired, first field focused', async () => {
    const { s, container } = show(pricing(), { profile: everything });
    let fired = 0;
    s.on('notYou', () => fired++);
    const button = notYou()!;
    button.focus();
    fireEvent.click(button);

    await waitFor(() => expect(names(container)).toEqual(['email', 'company', 'size', 'role', 'gdpr']));
    expect(fired).toBe(1);
    expect(screen.queryByText('Welcome back!')).toBeNull();
    expect(notYou()).toBeNull();
    const email = screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement;
    expect(email.value).toBe('');
    expect((screen.getByRole('textbox', { name: 'Company' }) as HTMLInputElement).value).toBe('');
    expect((screen.getByRole('combobox', { name: 'Role' }) as HTMLSelectElement).value).toBe('');
    expect(s.values.value).toEqual({ gdpr: false });
    await effects();
    expect(document.activeElement).toBe(email);
  });

  test('"Not you?" on a later step goes back to the first step and focuses its first field, not the heading', async () => {
    const { s } = show(pricing({}, true), { profile: { email: remembered('ada@acme.test') } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Company' }), { target: { value: 'Acme' } });
    fireEvent.click(screen.getByRole('radio', { name: '1-49' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'I agree to the privacy policy' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'More' });
    await effects();

    fireEvent.click(notYou()!);
    await screen.findByRole('heading', { name: 'Contact' });
    await effects();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Work email' }));
    expect(s.stepIndex.value).toBe(0);
    expect(s.values.value.company).toBeUndefined();
  });

  test('"Not you?" is a text button: disabled while sending', async () => {
    let release!: () => void;
    show(pricing(), { profile: everything, deliver: () => new Promise((resolve) => (release = () => resolve({ ok: true }))) });
    expect(notYou()!.className).toBe('cairn-link-button');
    fireEvent.click(screen.getByRole('checkbox', { name: 'I agree to the privacy policy' }));
    fireEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(notYou()!.hasAttribute('disabled')).toBe(true));
    release();
    await screen.findByRole('heading', { name: 'Thank you!' });
  });
});

describe('a new visitor', () => {
  test('an empty profile: no "Not you?", no welcome back, the first maxNewFields pool fields asked', () => {
    const { container } = show(pricing(), { profile: {} });
    expect(notYou()).toBeNull();
    expect(screen.queryByText('Welcome back!')).toBeNull();
    expect(names(container)).toEqual(['email', 'company', 'size', 'role', 'gdpr']);
  });

  test('values from the URL prefill but do not make the visitor "known"', () => {
    show(pricing({ urlPrefill: ['email'] }), { urlParams: { email: 'ada@acme.test' } });
    expect((screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement).value).toBe('ada@acme.test');
    expect(notYou()).toBeNull();
  });
});

describe('localised words', () => {
  test('labels.notYou renames the "Not you?" button', () => {
    show({ ...pricing(), labels: { notYou: 'Nicht Sie?' } }, { profile: everything });
    expect(screen.getByRole('button', { name: 'Nicht Sie?' })).toBeTruthy();
    expect(notYou()).toBeNull();
  });

  test('labels.book names the booking link of an after rule; an http(s) link only', async () => {
    const config = {
      ...pricing(),
      labels: { book: 'Termin buchen' },
      after: [{ title: 'Danke!', booking: { url: 'https://cal.example/acme', params: { email: 'email' } } }],
    };
    const { s } = show(config, { profile: everything, deliver: async () => ({ ok: true }) });
    s.set('gdpr', true);
    expect((await s.submit()).ok).toBe(true);
    const link = await screen.findByRole('link', { name: 'Termin buchen' });
    expect(link.getAttribute('href')).toBe('https://cal.example/acme?email=ada%40acme.test');
    expect(link.getAttribute('rel')).toBe('noopener');
  });
});

describe('answers stored by another tab while the form is open', () => {
  test('the form re-plans without moving focus: the visitor keeps typing where they are', async () => {
    const { s } = show(pricing({}, true));
    await effects();
    const email = screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement;
    email.focus();
    fireEvent.input(email, { target: { value: 'ada@' } });
    s.updateProfile({ role: remembered('exec'), company: remembered('Acme') });
    await effects();
    // prefilled, and the "Not you?" line appeared — focus stayed in the email field
    expect((screen.getByRole('textbox', { name: 'Company' }) as HTMLInputElement).value).toBe('Acme');
    expect(notYou()).toBeTruthy();
    expect(document.activeElement?.getAttribute('name') ?? (document.activeElement as any)?.shadowRoot?.activeElement?.getAttribute('name')).toBe('email');
  });
});
