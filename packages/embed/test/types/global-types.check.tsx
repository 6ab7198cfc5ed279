// Type-checked by `npm run typecheck` (part of `npm test`), never run: what a TypeScript user of
// `@cairn/embed` gets without writing a declaration of their own.
import { h } from 'preact';
import type {} from '../../src/entries/cairn.js';
import type {} from '../../src/entries/jsx-preact.js';

// window.Cairn, typed (undefined until cairn.js has run).
export const handle = window.Cairn?.mount('#host', '/forms/demo.json', { dev: false, base: 'https://cdn.example/cairn/0.1/' });
handle?.on('error', (error) => error.url?.toUpperCase());
// @ts-expect-error: mount's options are checked
window.Cairn?.mount('#host', '/forms/demo.json', { dev: 'no' });

// <cairn-form> in the DOM's tag map …
export const element: HTMLElement | null = document.querySelector('cairn-form');
document.createElement('cairn-form').addEventListener('cairn:ready', () => {});

// … and in Preact's JSX, with its attributes.
export const jsx = <cairn-form src="/forms/demo.json" data-cairn-dev="false" />;
// @ts-expect-error: data-cairn-dev is "true" or "false"
export const wrong = <cairn-form data-cairn-dev="nope" />;
void h;

// <cairn-form>'s properties and typed events.
const form = document.createElement('cairn-form');
form.config = { id: 'demo', version: 1, steps: [{ id: 'one', fields: [{ id: 'email', type: 'email', label: 'Email' }] }], submit: { endpoint: '/leads' } };
form.options = { initialValues: { email: 'ada@example.com' } };
form.src = '/forms/demo.json';
form.addEventListener('cairn:submit', (event) => event.detail.payload.id.toUpperCase());
form.addEventListener('cairn:error', (event) => event.detail.kind);
// @ts-expect-error: a ready event's detail has no payload
form.addEventListener('cairn:ready', (event) => event.detail.payload);
