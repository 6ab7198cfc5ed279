// The form both wrapper pages render: a config literal, checked (and autocompleted) by its type.
import type { FormConfig } from '@cairn/core';

export const wrapperForm = (id: string) =>
  ({
    id,
    version: 1,
    steps: [{ id: 'contact', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }] }],
    submit: { endpoint: '/leads' },
  }) satisfies FormConfig;

/** What the test reads: the events, and that the form is shown. */
export const events: string[] = [];
Object.assign(window, { __events: events });
export const ready = () => Object.assign(window, { __ready: true });
