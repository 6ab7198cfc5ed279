// What a React user writes (createElement, so the app's tsconfig needs no JSX setting):
// <StrictMode><CairnForm config={…} onReady onDelivered /></StrictMode>.
import { CairnForm } from '@cairn/react';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { events, ready, wrapperForm } from './wrapper-form.js';

const form = createElement(CairnForm, { config: wrapperForm('scratch-react'), onReady: ready, onDelivered: ({ payload }) => events.push(`delivered ${payload.id}`) });
createRoot(document.getElementById('root')!).render(createElement(StrictMode, null, form));
