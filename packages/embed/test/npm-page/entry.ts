// An npm user's page, for the browser tests (npm-page.browser.test.ts): no script tag, no
// window.Cairn — `createForm` from @cairn/core and `mountForm` from @cairn/preact, bundled with
// Vite (scripts/browser/build-npm-page.mjs). The form's config comes from `window.__form` or a
// `<script type="application/json" id="form">`; without one the page has no form and only starts
// the page runtime (leads earlier pages left are sent, as on any page of the site).
//
// For the tests: `window.cairnPage` is the page runtime (`consent`, `forget`, `profile`,
// `track`); `window.cairnSession` the form's session; `window.__events` every session event and
// every `news` the runtime gave the form, and every `cairn:*` event on the document (leads an
// earlier page left); `window.__ready` is set once the form is rendered.
import { createForm, defaultPage, type CairnPage, type FormConfig, type FormSession } from '@cairn/core';
import { mountForm } from '@cairn/preact';

export interface PageEvent {
  /** `session`: the session's own event; `news`: what the runtime reported later; `document`: a `cairn:*` event on the document. */
  from: 'session' | 'news' | 'document';
  type: string;
  /** The lead's id ('' when the event has none). */
  id: string;
  /** performance.now() when it was heard. */
  at: number;
  /** `error` events: what went wrong. */
  kind?: string;
  message?: string;
}

/** What this page puts on `window` for the tests (no global type: the embed's sources share this project). */
export interface NpmPageWindow {
  __form?: FormConfig;
  __events: PageEvent[];
  __ready?: boolean;
  cairnPage: CairnPage;
  cairnSession?: FormSession;
}
const w = window as unknown as NpmPageWindow;

const events: PageEvent[] = (w.__events = []);
const record = (from: PageEvent['from'], type: string, detail: any) =>
  events.push({
    from,
    type,
    id: String(detail?.payload?.id ?? detail?.id ?? ''),
    at: performance.now(),
    ...(type == 'error' && { kind: detail?.kind, message: detail?.message ?? detail?.error?.message }),
  });

for (const type of ['delivered', 'error']) document.addEventListener('cairn:' + type, (e) => record('document', type, (e as CustomEvent).detail));

const page = defaultPage();
w.cairnPage = page;

const inline = document.getElementById('form')?.textContent;
const config: FormConfig | undefined = w.__form ?? (inline ? (JSON.parse(inline) as FormConfig) : undefined);

if (config) {
  const session = createForm(config, { news: (type, detail) => record('news', type, detail) });
  for (const type of ['submit', 'delivered', 'queued', 'error'] as const) session.on(type, (detail) => record('session', type, detail));
  w.cairnSession = session;
  mountForm(document.querySelector('#host')!, session);
  w.__ready = true;
} else {
  void page.start();
}
