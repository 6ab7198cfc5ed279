import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './app.js';
import { pathOf } from './router.js';

/** The app's HTML for a request URL: the forms are empty placeholders, mounted in the browser. */
export function render(url: string): string {
  return renderToString(
    <StrictMode>
      <App url={pathOf(url)} />
    </StrictMode>,
  );
}
