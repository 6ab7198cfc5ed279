import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { h, Fragment, options } from 'preact';
import { createForm, parseForm } from '@cairn/core';
import type { Deliver, FormConfig, FormSession, LeadPayload, SessionOptions } from '@cairn/core';
import { CairnForm } from './index.js';
import { Field } from './field.js';

// Real sessions from `createForm`; delivery goes through the documented
// `deliver` seam with plain recording functions.

const sessions: FormSession[] = [];
afterEach(() => {
  cleanup();
  for (const s of sessions.splice(0)) s.destroy();
});

function form(config: unknown): FormConfig {
  const parsed = parseForm(config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.form;
}

function session(config: unknown, options: SessionOptions = {}): FormSession {
  const s = createForm(form(config), { context: () => context, uuid: () => `id-${++uuids}`, ...options });
  sessions.push(s);
  return s;
}
let uuids = 0;
const context = { page: 'https://example.com/demo', referrer: '', utm: {}, locale: 'en-GB', timezone: 'Europe/London' };

function show(config: unknown, options?: SessionOptions) {
  const s = session(config, options);
  const view = render(<CairnForm session={s} />);
  return { s, ...view };
}

/** A deliver function that records what it was given and answers with `results` in turn (last one repeats). */
function recorder(...results: Awaited<ReturnType<Deliver>>[]) {
  const payloads: LeadPayload[] = [];
  const deliver: Deliver = async (payload) => {
    payloads.push(payload);
    return results[Math.min(payloads.length - 1, results.length - 1)] ?? { ok: true };
  };
  return { payloads, deliver };
}

/** Preact runs effects after paint (rAF, or 35 ms): wait past that before checking where focus ended. */
const effects = () => new Promise((resolve) => setTimeout(resolve, 60));
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));

const allTypes = {
  id: 'all',
  version: 1,
  title: 'Every type',
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'first_name', type: 'text', label: 'First name', help: 'As on your badge' },
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'phone', type: 'tel', label: 'Phone' },
        { id: 'site', type: 'url', label: 'Website' },
        { id: 'seats', type: 'number', label: 'Seats', min: 1, max: 500 },
        { id: 'notes', type: 'textarea', label: 'Notes', placeholder: 'Anything else?' },
        { id: 'size', type: 'select', label: 'Company size', options: ['1-49', { value: '50+', label: '50 or more' }] },
        { id: 'role', type: 'radio', label: 'Role', options: ['Sales', 'Marketing'], required: true },
        { id: 'news', type: 'checkbox', label: 'Send me news' },
        { id: 'topics', type: 'checkboxes', label: 'Topics', options: ['Scoring', 'Routing', 'Forms'] },
        { id: 'gdpr', type: 'consent', label: 'I agree to the privacy policy', required: true },
        { id: 'campaign', type: 'hidden', default: 'spring' },
      ],
    },
  ],
  submit: { endpoint: 'https://example.com/leads' },
};

describe('fields', () => {
  test('each type renders with its role, accessible name and hints', () => {
    const { container } = show(allTypes);

    const first = screen.getByRole('textbox', { name: 'First name' });
    expect(first.getAttribute('type')).toBe('text');
    expect(first.getAttribute('autocomplete')).toBe('given-name');
    expect(screen.getByText('As on your badge').id).toBe(first.getAttribute('aria-describedby'));

    const email = screen.getByRole('textbox', { name: 'Work email' });
    expect(email.getAttribute('type')).toBe('email');
    expect(email.getAttribute('autocomplete')).toBe('email');
    expect(email.getAttribute('aria-required')).toBe('true');

    const phone = screen.getByRole('textbox', { name: 'Phone' });
    expect([phone.getAttribute('type'), phone.getAttribute('autocomplete')]).toEqual(['tel', 'tel']);
    const site = screen.getByRole('textbox', { name: 'Website' });
    expect([site.getAttribute('type'), site.getAttribute('autocomplete')]).toEqual(['url', 'url']);

    const seats = screen.getByRole('spinbutton', { name: 'Seats' });
    expect(seats.getAttribute('type')).toBe('number');
    expect(seats.getAttribute('inputmode')).toBe('decimal');
    expect([seats.getAttribute('min'), seats.getAttribute('max')]).toEqual(['1', '500']);

    const notes = screen.getByRole('textbox', { name: 'Notes' });
    expect(notes.tagName).toBe('TEXTAREA');
    expect(notes.getAttribute('placeholder')).toBe('Anything else?');

    const size = screen.getByRole('combobox', { name: 'Company size' });
    expect(within(size).getAllByRole('option').map((o) => [o.getAttribute('value'), o.textContent])).toEqual([
      ['', 'Select…'],
      ['1-49', '1-49'],
      ['50+', '50 or more'],
    ]);

    const role = screen.getByRole('radiogroup', { name: 'Role' });
    expect(role.tagName).toBe('FIELDSET');
    expect(role.getAttribute('aria-required')).toBe('true');
    expect(within(role).getAllByRole('radio').map((r) => r.getAttribute('name'))).toEqual(['role', 'role']);
    expect(within(role).getByRole('radio', { name: 'Marketing' })).toBeTruthy();

    expect(screen.getByRole('checkbox', { name: 'Send me news' })).toBeTruthy();
    const topics = screen.getByRole('group', { name: 'Topics' });
    expect(topics.tagName).toBe('FIELDSET');
    expect(within(topics).getAllByRole('checkbox')).toHaveLength(3);

    const gdpr = screen.getByRole('checkbox', { name: 'I agree to the privacy policy' });
    expect(gdpr.getAttribute('aria-required')).toBe('true');

    // hidden fields render nothing
    expect(container.querySelector('[name="campaign"]')).toBeNull();
    // every label points at a real control
    for (const label of container.querySelectorAll('label[for]')) {
      expect(container.querySelector(`#${CSS.escape(label.getAttribute('for')!)}`)).not.toBeNull();
    }
  });

  test('answers flow into the session values with the right types', () => {
    const { s } = show(allTypes);
    type(screen.getByRole('textbox', { name: 'First name' }), 'Ada');
    type(screen.getByRole('spinbutton', { name: 'Seats' }), '12');
    type(screen.getByRole('textbox', { name: 'Notes' }), 'Hi');
    fireEvent.change(screen.getByRole('combobox', { name: 'Company size' }), { target: { value: '50+' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Sales' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Send me news' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Forms' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Scoring' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'I agree to the privacy policy' }));

    expect(s.values.value).toMatchObject({
      first_name: 'Ada',
      seats: 12,
      notes: 'Hi',
      size: '50+',
      role: 'Sales',
      news: true,
      topics: ['Scoring', 'Forms'], // option order, not click order
      gdpr: true,
    });

    fireEvent.click(screen.getByRole('checkbox', { name: 'Scoring' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Forms' }));
    type(screen.getByRole('textbox', { name: 'First name' }), '');
    expect(s.values.value.topics).toBeUndefined();
    expect(s.values.value.first_name).toBeUndefined();
  });

  test('the session drives what the controls show', async () => {
    const { s } = show(allTypes);
    s.set('size', '1-49');
    s.set('role', 'Marketing');
    s.set('topics', ['Routing']);
    s.set('email', 'ada@example.com');
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Company size' }) as HTMLSelectElement).value).toBe('1-49'));
    expect((screen.getByRole('radio', { name: 'Marketing' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Routing' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement).value).toBe('ada@example.com');
  });

  test('autocomplete hints come from common ids, never from Object.prototype', () => {
    show({
      id: 'ac',
      version: 1,
      steps: [
        {
          id: 'one',
          fields: [
            { id: 'last_name', type: 'text', label: 'Last name' },
            { id: 'company', type: 'text', label: 'Company' },
            { id: 'jobTitle', type: 'text', label: 'Job title' },
            { id: 'con_structor', type: 'text', label: 'Builder' }, // reads 'constructor' once normalised
            { id: 'country', type: 'select', label: 'Country', options: ['DE', 'FR'] },
          ],
        },
      ],
      submit: { endpoint: 'https://example.com/leads' },
    });
    const hint = (name: string) => screen.getByRole(name === 'Country' ? 'combobox' : 'textbox', { name }).getAttribute('autocomplete');
    expect(['Last name', 'Company', 'Job title', 'Builder', 'Country'].map(hint)).toEqual([
      'family-name',
      'organization',
      'organization-title',
      null,
      'country-name',
    ]);
  });

  test('typing re-renders only the field typed in', async () => {
    const { s } = show(allTypes);
    const renders: string[] = [];
    const previous = options.diffed;
    options.diffed = (vnode) => {
      const field = (vnode.props as { field?: { id: string } }).field;
      const type = vnode.type as unknown;
      if (type === Field || type === CairnForm) renders.push(`${(type as { name: string }).name}:${field?.id ?? ''}`);
      previous?.(vnode);
    };
    try {
      type(screen.getByRole('textbox', { name: 'First name' }), 'Ada');
      await waitFor(() => expect(renders.length).toBeGreaterThan(0));
    } finally {
      options.diffed = previous;
    }
    expect(new Set(renders)).toEqual(new Set(['Field:first_name']));
    expect(s.values.value.first_name).toBe('Ada');
  });

  test('config strings are text, never HTML', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = show({
      id: 'xss',
      version: 1,
      title: evil,
      description: evil,
      steps: [
        {
          id: 'one',
          fields: [
            { id: 'a', type: 'text', label: evil, help: evil, placeholder: evil },
            { id: 'b', type: 'radio', label: evil, options: [{ value: 'x', label: evil }] },
            { id: 'c', type: 'consent', label: evil },
          ],
        },
      ],
      submit: { endpoint: 'https://example.com/leads' },
      labels: { next: evil, submit: evil },
    });
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe(evil);
    expect(screen.getAllByText(evil).length).toBeGreaterThanOrEqual(6);
    expect(screen.getByRole('textbox', { name: evil }).getAttribute('placeholder')).toBe(evil);
  });

  test('a field is validated on blur only once the visitor has changed it', async () => {
    const { s } = show(allTypes);
    const email = screen.getByRole('textbox', { name: 'Work email' });
    const phone = screen.getByRole('textbox', { name: 'Phone' });
    email.focus();
    phone.focus(); // passing through: no error yet
    await Promise.resolve();
    expect(s.errors.value.email).toBeUndefined();
    expect(screen.getByRole('alert').textContent).toBe('');

    type(email, 'not an email');
    email.focus();
    phone.focus();
    // the step's one live region names the field; the field's own message is described by it
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(`Work email: ${s.errors.value.email}`));
    const error = document.getElementById(email.getAttribute('aria-describedby')!)!;
    expect(error.textContent).toBe(s.errors.value.email);
    expect(error.getAttribute('role')).toBeNull();
    expect(email.getAttribute('aria-invalid')).toBe('true');
  });

  test('pressing Next or Submit does not validate on blur first (the error would move the button and eat the click)', async () => {
    const { s } = show(allTypes);
    const email = screen.getByRole('textbox', { name: 'Work email' });
    type(email, 'not an email');
    email.focus();
    const nextButton = screen.getByRole('button', { name: 'Submit' });
    fireEvent.pointerDown(nextButton);
    nextButton.focus(); // focus leaves the field while the button is held down
    await Promise.resolve();
    expect(s.errors.value.email).toBeUndefined();
    expect(screen.getByRole('alert').textContent).toBe('');

    // Released, the click validates the whole step…
    fireEvent.pointerUp(document);
    fireEvent.click(nextButton);
    expect(s.errors.value.email).toBeDefined();
    // …and an ordinary blur validates again.
    type(email, 'still not an email');
    email.focus();
    screen.getByRole('textbox', { name: 'Phone' }).focus();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^Work email: /));
  });

  test('moving between the options of a group does not validate it', async () => {
    const s = session({
      id: 'grp',
      version: 1,
      steps: [{ id: 'one', fields: [{ id: 't', type: 'checkboxes', label: 'Topics', options: ['a', 'b', 'c'], min: 2 }] }],
      submit: { endpoint: 'https://example.com/leads' },
    });
    render(<CairnForm session={s} />);
    const [a, b] = screen.getAllByRole('checkbox') as HTMLInputElement[];
    fireEvent.click(a!);
    a!.focus();
    b!.focus();
    await Promise.resolve();
    expect(s.errors.value.t).toBeUndefined();
    (document.activeElement as HTMLElement).blur();
    expect(s.errors.value.t).toBeDefined();
  });
});

const twoSteps = {
  id: 'demo',
  version: 2,
  title: 'Book a demo',
  steps: [
    {
      id: 'about',
      title: 'About you',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'size', type: 'radio', label: 'Company size', options: ['1-49', '1000+'], required: true },
        { id: 'procurement', type: 'text', label: 'Procurement contact', when: { field: 'size', equals: '1000+' } },
      ],
    },
    {
      id: 'needs',
      title: 'What you need',
      fields: [{ id: 'goal', type: 'textarea', label: 'Goal', required: true }],
    },
  ],
  submit: { endpoint: 'https://example.com/leads' },
  labels: { next: 'Next', back: 'Back', submit: 'Request demo', retry: 'Send again' },
  after: { title: 'Thanks!', message: 'We will write within a day.' },
};

function fillFirstStep() {
  type(screen.getByRole('textbox', { name: 'Work email' }), 'ada@example.com');
  fireEvent.click(screen.getByRole('radio', { name: '1-49' }));
}

describe('steps and navigation', () => {
  test('first render does not take focus from the page', () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    outside.focus();
    show(twoSteps);
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  test('Next with empty required fields shows errors and focuses the first invalid field', async () => {
    const { s } = show(twoSteps);
    next();
    const email = screen.getByRole('textbox', { name: 'Work email' });
    expect(document.activeElement).toBe(email);
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const errorId = email.getAttribute('aria-describedby')!;
    const error = document.getElementById(errorId)!;
    expect(error.textContent).toBe(s.errors.value.email);
    const group = screen.getByRole('radiogroup', { name: 'Company size' });
    expect(group.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(group.getAttribute('aria-describedby')!)!.textContent).toBe(s.errors.value.size);
    // one live region for the step, naming each field in error in order (not one alert per field)
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([`Work email: ${s.errors.value.email} Company size: ${s.errors.value.size}`]);
    expect(s.stepIndex.value).toBe(0);

    // fixing the value clears the error once the session does
    type(email, 'ada@example.com');
    fireEvent.click(screen.getByRole('radio', { name: '1-49' }));
    next();
    await screen.findByRole('heading', { name: 'What you need' });
  });

  test('focus goes to the first invalid field, also inside a group', async () => {
    show(twoSteps);
    type(screen.getByRole('textbox', { name: 'Work email' }), 'ada@example.com');
    next();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: '1-49' }));
  });

  test('a conditional field appears and disappears with the answers', async () => {
    show(twoSteps);
    expect(screen.queryByRole('textbox', { name: 'Procurement contact' })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: '1000+' }));
    await screen.findByRole('textbox', { name: 'Procurement contact' });
    fireEvent.click(screen.getByRole('radio', { name: '1-49' }));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Procurement contact' })).toBeNull());
  });

  test('progress, heading focus, Back keeps values', async () => {
    show(twoSteps);
    const bar = screen.getByRole('progressbar', { name: 'Step 1 of 2' });
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax')]).toEqual(['1', '1', '2']);
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 1 of 2');
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('About you');

    fillFirstStep();
    next();
    const heading = await screen.findByRole('heading', { name: 'What you need' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2');
    expect(screen.getByText('Step 2 of 2')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Request demo' }).getAttribute('type')).toBe('submit');
    type(screen.getByRole('textbox', { name: 'Goal' }), 'Score leads');

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const first = await screen.findByRole('heading', { name: 'About you' });
    await waitFor(() => expect(document.activeElement).toBe(first));
    expect((screen.getByRole('textbox', { name: 'Work email' }) as HTMLInputElement).value).toBe('ada@example.com');
    expect((screen.getByRole('radio', { name: '1-49' }) as HTMLInputElement).checked).toBe(true);
    next();
    expect(((await screen.findByRole('textbox', { name: 'Goal' })) as HTMLTextAreaElement).value).toBe('Score leads');
  });

  test('submit that finds an earlier step invalid goes back there and focuses the field', async () => {
    const { s } = show(twoSteps, { deliver: recorder({ ok: true }).deliver });
    await toLastStep();
    s.set('email', undefined); // e.g. the host page cleared it
    // A native click, outside `act`: renders and effects run on the browser's schedule.
    screen.getByRole('button', { name: 'Request demo' }).click();
    const email = await screen.findByRole('textbox', { name: 'Work email' });
    await effects();
    expect(document.activeElement).toBe(email);
    expect(email.getAttribute('aria-invalid')).toBe('true');
  });

  test('without titles, a new step focuses its first field', async () => {
    const { title: _, ...config } = twoSteps;
    show({ ...config, steps: config.steps.map(({ title: __, ...step }) => step) });
    expect(screen.queryByRole('heading')).toBeNull();
    fillFirstStep();
    next();
    const goal = await screen.findByRole('textbox', { name: 'Goal' });
    await waitFor(() => expect(document.activeElement).toBe(goal));
  });

  test('a single-step form has no progress bar and shows the form title', () => {
    show({ ...twoSteps, steps: [{ ...twoSteps.steps[1]!, title: undefined }] });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Book a demo');
    expect(screen.getByRole('button', { name: 'Request demo' })).toBeTruthy();
  });

  test('default button words', async () => {
    const { labels: _, ...config } = twoSteps;
    show(config);
    fillFirstStep();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('button', { name: 'Submit' });
    expect(screen.getByRole('button', { name: 'Back' })).toBeTruthy();
  });
});

async function toLastStep() {
  fillFirstStep();
  next();
  type(await screen.findByRole('textbox', { name: 'Goal' }), 'Score leads');
}

describe('submit', () => {
  test('a delivered lead shows the thank-you view, focused', async () => {
    const { payloads, deliver } = recorder({ ok: true, status: 202 });
    show(twoSteps, { deliver });
    await toLastStep();
    fireEvent.click(screen.getByRole('button', { name: 'Request demo' }));
    const thanks = await screen.findByRole('heading', { name: 'Thanks!' });
    await waitFor(() => expect(document.activeElement).toBe(thanks));
    expect(screen.getByText('We will write within a day.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.answers).toEqual({ email: 'ada@example.com', size: '1-49', goal: 'Score leads' });
  });

  test('thank-you defaults to "Thank you!"', async () => {
    const { after: _, ...config } = twoSteps;
    show(config, { deliver: recorder({ ok: true }).deliver });
    await toLastStep();
    fireEvent.click(screen.getByRole('button', { name: 'Request demo' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
  });

  test('the submit button is disabled and busy while sending', async () => {
    let release!: () => void;
    const deliver: Deliver = () => new Promise((resolve) => (release = () => resolve({ ok: true })));
    const { s } = show(twoSteps, { deliver });
    await toLastStep();
    const button = screen.getByRole('button', { name: 'Request demo' });
    fireEvent.click(button);
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(true));
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('button', { name: 'Back' }).hasAttribute('disabled')).toBe(true);
    fireEvent.submit(button.closest('form')!); // a second submit while busy is ignored
    expect(s.status.value).toBe('submitting');
    release();
    await screen.findByRole('heading', { name: 'Thanks!' });
  });

  test('a failed delivery shows an alert; Try again resends the same lead', async () => {
    const { payloads, deliver } = recorder(
      { ok: false, error: { message: 'We could not send your request. Check your connection.', retryable: true } },
      { ok: true },
    );
    show(twoSteps, { deliver });
    await toLastStep();
    fireEvent.click(screen.getByRole('button', { name: 'Request demo' }));
    const alert = await screen.findByText('We could not send your request. Check your connection.');
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    const retry = screen.getByRole('button', { name: 'Send again' });
    await waitFor(() => expect(document.activeElement).toBe(retry));
    fireEvent.click(retry);
    await screen.findByRole('heading', { name: 'Thanks!' });
    expect(payloads).toHaveLength(2);
    expect(payloads[1]!.id).toBe(payloads[0]!.id);
  });

  test('submit with an invalid last step focuses the invalid field and delivers nothing', async () => {
    const { payloads, deliver } = recorder({ ok: true });
    show(twoSteps, { deliver });
    fillFirstStep();
    next();
    const goal = await screen.findByRole('textbox', { name: 'Goal' });
    fireEvent.click(screen.getByRole('button', { name: 'Request demo' }));
    await waitFor(() => expect(document.activeElement).toBe(goal));
    await waitFor(() => expect(goal.getAttribute('aria-invalid')).toBe('true'));
    expect(payloads).toHaveLength(0);
  });
});

describe('ids', () => {
  test('two mounts of the same form never share a DOM id', () => {
    const a = session(twoSteps);
    const b = session(twoSteps);
    const { container } = render(
      <>
        <CairnForm session={a} />
        <CairnForm session={b} />
      </>,
    );
    const ids = [...container.querySelectorAll('[id]')].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(screen.getAllByRole('textbox', { name: 'Work email' })).toHaveLength(2);
  });
});
