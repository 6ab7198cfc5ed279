import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app.js';
import { pathOf } from './router.js';
import '../../app-styles.css';

const root = document.getElementById('root')!;
const app = (
  <StrictMode>
    <App url={pathOf(location.href)} />
  </StrictMode>
);

// Served by server.mjs: the HTML is already there, hydrate it (a mismatch would be reported
// here, as a console error). Served by `vite` alone: render it.
if (root.firstElementChild) hydrateRoot(root, app, { onRecoverableError: (error) => console.error('Hydration problem:', error) });
else createRoot(root).render(app);
