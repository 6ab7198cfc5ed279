import { h } from 'preact';
import { afterEach, describe, expect, test } from 'vitest';
import { fireEvent, waitFor, within } from '@testing-library/preact';
import { createForm, parseForm } from '@cairn/core';
import type { FormSession } from '@cairn/core';
import { cairnStyles, mountForm, renderNotice } from './index.js';

const config = {
  id: 'demo',
  version: 1,
  title: 'Book a demo',
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'email', type: 'email', label: 'Work email', required: true },
        { id: 'gdpr', type: 'consent', label: 'I agree', required: true },
      ],
    },
  ],
  submit: { endpoint: 'https://example.com/leads' },
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

function session(): FormSession {
  const parsed = parseForm(config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const s = createForm(parsed.form, { deliver: async () => ({ ok: true }) });
  cleanups.push(() => s.destroy());
  return s;
}

function host(): HTMLElement {
  const el = document.createElement('div');
  document.body.append(el);
  cleanups.push(() => el.remove());
  return el;
}

function hostileCss() {
  const style = document.createElement('style');
  style.textContent =
    'input{display:none!important} label{color:rgb(255,0,0)!important} .cairn,.cairn-input,h2{display:none} button{visibility:hidden}';
  document.head.append(style);
  cleanups.push(() => style.remove());
}

describe('mountForm', () => {
  test('renders inside an open shadow root with its stylesheet', () => {
    const el = host();
    const mounted = mountForm(el, session());
    cleanups.push(() => mounted.unmount());
    const root = el.shadowRoot!;
    expect(root).not.toBeNull();
    expect(root.mode).toBe('open');
    expect(el.childNodes).toHaveLength(0); // nothing in the light DOM
    const styled =
      root.adoptedStyleSheets.length > 0 || [...root.querySelectorAll('style')].some((s) => s.textContent === cairnStyles);
    expect(styled).toBe(true);
    const form = within(root as unknown as HTMLElement);
    expect(form.getByRole('textbox', { name: 'Work email' })).toBeTruthy();
    expect(form.getByRole('checkbox', { name: 'I agree' })).toBeTruthy();
    expect(form.getByRole('heading', { name: 'Book a demo' })).toBeTruthy();
  });

  test('host page CSS does not reach inside', () => {
    hostileCss();
    const outside = document.createElement('input');
    const outsideLabel = document.createElement('label');
    document.body.append(outside, outsideLabel);
    cleanups.push(() => (outside.remove(), outsideLabel.remove()));
    expect(getComputedStyle(outside).display).toBe('none'); // the hostile sheet is live

    const el = host();
    const mounted = mountForm(el, session());
    cleanups.push(() => mounted.unmount());
    const root = el.shadowRoot!;
    const input = root.querySelector('input')!;
    expect(getComputedStyle(input).display).toBe('block');
    expect(getComputedStyle(root.querySelector('label')!).color).not.toBe('rgb(255, 0, 0)');
    expect(getComputedStyle(root.querySelector('.cairn')!).display).toBe('grid');
    expect(getComputedStyle(root.querySelector('button')!).visibility).not.toBe('hidden');
  });

  test('focus and typing work through the shadow root; Next validates', async () => {
    const el = host();
    const s = session();
    const mounted = mountForm(el, s);
    cleanups.push(() => mounted.unmount());
    const root = el.shadowRoot!;
    const email = root.querySelector<HTMLInputElement>('input[name="email"]')!;
    fireEvent.input(email, { target: { value: 'ada@example.com' } });
    expect(s.values.value.email).toBe('ada@example.com');
    fireEvent.click(within(root as unknown as HTMLElement).getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(root.activeElement).toBe(root.querySelector('input[name="gdpr"]')));
  });

  test('unmount removes what it added and can be called twice', async () => {
    const el = host();
    const s = session();
    const mounted = mountForm(el, s);
    const root = el.shadowRoot!;
    const sheetsBefore = root.adoptedStyleSheets.length;
    expect(root.childNodes.length).toBeGreaterThan(0);
    mounted.unmount();
    mounted.unmount();
    expect(root.childNodes).toHaveLength(0);
    expect(root.adoptedStyleSheets.length).toBe(Math.max(0, sheetsBefore - 1));
    expect(el.childNodes).toHaveLength(0);
    // the session still works and nothing re-renders into the host
    s.set('email', 'x@example.com');
    await Promise.resolve();
    expect(root.childNodes).toHaveLength(0);
  });

  test('mounting and unmounting many times leaves nothing behind', () => {
    const el = host();
    const s = session();
    for (let i = 0; i < 200; i++) mountForm(el, s).unmount();
    const root = el.shadowRoot!;
    expect(root.childNodes).toHaveLength(0);
    expect(root.adoptedStyleSheets).toHaveLength(0);
  });

  test('mounting again reuses the shadow root', () => {
    const el = host();
    mountForm(el, session()).unmount();
    const root = el.shadowRoot;
    const again = mountForm(el, session());
    cleanups.push(() => again.unmount());
    expect(el.shadowRoot).toBe(root);
    expect(root!.querySelectorAll('form')).toHaveLength(1);
  });

  test('falls back to a <style> element when constructed sheets are unavailable', () => {
    const original = globalThis.CSSStyleSheet;
    // Simulate a browser without constructable stylesheets (no mock of our code).
    (globalThis as { CSSStyleSheet: unknown }).CSSStyleSheet = function () {
      throw new TypeError('Illegal constructor');
    };
    cleanups.push(() => ((globalThis as { CSSStyleSheet: unknown }).CSSStyleSheet = original));
    // The shared sheet may already exist from an earlier test: use a fresh module state.
    return import('./mount.js?fallback' as string).then(({ mountForm: fresh }: typeof import('./mount.js')) => {
      const el = host();
      const mounted = fresh(el, session());
      const style = el.shadowRoot!.querySelector('style')!;
      expect(style.textContent).toBe(cairnStyles);
      mounted.unmount();
      expect(el.shadowRoot!.childNodes).toHaveLength(0);
    });
  });
});

describe('renderNotice', () => {
  test('shows a text-only alert in a shadow root', () => {
    const el = host();
    const evil = '<img src=x onerror=alert(1)>';
    const mounted = renderNotice(el, 'This form could not be loaded', evil);
    const root = el.shadowRoot!;
    const alert = within(root as unknown as HTMLElement).getByRole('alert');
    expect(alert.textContent).toBe('This form could not be loaded' + evil);
    expect(root.querySelector('img')).toBeNull();
    mounted.unmount();
    expect(root.childNodes).toHaveLength(0);
  });
});

describe('cairnStyles', () => {
  test('uses no rem units and isolates the host', () => {
    expect(cairnStyles).not.toMatch(/\d(\.\d+)?rem\b/);
    expect(cairnStyles).toContain(':host{all:initial;display:block}');
    expect(cairnStyles).toContain('prefers-reduced-motion');
    for (const name of ['accent', 'radius', 'font', 'text', 'bg', 'error', 'gap']) expect(cairnStyles).toContain(`--cairn-${name}`);
  });
});
