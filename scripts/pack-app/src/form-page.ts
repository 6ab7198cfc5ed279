// What an npm user writes: the engine from @cairn/core, the renderer from @cairn/preact.
import { createForm, type FormConfig } from '@cairn/core';
import { mountForm } from '@cairn/preact';

const events: string[] = [];
const config = JSON.parse(document.getElementById('form')!.textContent!) as FormConfig;
const session = createForm(config);
session.on('delivered', ({ payload }) => events.push(`delivered ${payload.id}`));
session.on('error', (error) => events.push(`error ${error.kind}`));
mountForm(document.getElementById('host')!, session);

Object.assign(window, { __events: events, __ready: true });
