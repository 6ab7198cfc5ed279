import { createForm, formatConfigErrors, parseForm } from '@cairn/core';
import type { FormConfig, FormSession, SessionEventName, SessionOptions } from '@cairn/core';
import { mountForm, renderNotice, type Mounted } from '@cairn/preact';
import { createHub, type CairnErrorEvent, type CairnEventName, type CairnEvents } from './events.js';
import { describe, reportInternal } from './report.js';

export interface MountOptions extends SessionOptions {
  /**
   * Show what is wrong with a config in the container, with every JSON path (default `true`).
   * `false` shows a short "not available" notice instead; the details still go to the console
   * and to `error` listeners.
   */
  dev?: boolean;
}

export interface CairnHandle {
  /** Listen to `ready step change submit delivered error`. Returns a function that stops listening. */
  on<E extends CairnEventName>(event: E, listener: (detail: CairnEvents[E]) => void): () => void;
  /** Remove the form (or its message) and stop everything it was doing. Safe to call twice. */
  destroy(): void;
}

/** Where a mount gets its config from. */
export type ConfigSource =
  | { url: string }
  | { text: string; where: string }
  | { value: unknown; where: string }
  /** Nothing to load: `problem` says why (e.g. an element with neither a URL nor an inline config). */
  | { problem: string; where: string };

type Loaded = { ok: true; json: unknown } | { ok: false; error: CairnErrorEvent };

/** The live mount on each host, so mounting again replaces it instead of stacking. */
const mounts = new WeakMap<Element, CairnHandle>();

const TITLE = 'Cairn could not show this form';
const SESSION_EVENTS: readonly SessionEventName[] = ['step', 'change', 'submit', 'delivered', 'error'];

/** `Cairn.mount(target, configOrUrl, options)`: a string is a URL, anything else the config itself. */
export function mount(target: Element | string, configOrUrl: unknown, options?: MountOptions): CairnHandle {
  return mountSource(
    target,
    typeof configOrUrl === 'string' ? { url: configOrUrl } : { value: configOrUrl, where: 'the config passed to Cairn.mount' },
    options,
  );
}

/**
 * Mount a form. Returns at once; loading, parsing and rendering continue
 * asynchronously and report through events. Never throws: every failure ends
 * as a message in the container, an `error` event and a console.error.
 */
export function mountSource(target: Element | string, source: ConfigSource, options: MountOptions = {}): CairnHandle {
  let destroyed = false;
  let host: Element | null = null;
  let view: Mounted | undefined;
  let session: FormSession | undefined;
  const cleanups: (() => void)[] = [];
  const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
  const hub = createHub((error, event) => reportInternal(error, `a '${event}' listener`));

  const handle: CairnHandle = {
    on: hub.on,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        abort?.abort();
        for (const cleanup of cleanups.splice(0)) cleanup();
        view?.unmount();
        session?.destroy();
      } catch (error) {
        reportInternal(error, 'destroy');
      }
      hub.clear();
      if (host && mounts.get(host) === handle) mounts.delete(host);
    },
  };

  /** Tell listeners (on the handle, and as `cairn:<event>` DOM events on the host). */
  const emit = <E extends CairnEventName>(event: E, detail: CairnEvents[E], sticky?: boolean) => {
    if (destroyed) return;
    hub.emit(event, detail, sticky);
    // Errors in DOM listeners are reported by the browser as the host's own; dispatch never throws.
    host?.dispatchEvent(new CustomEvent(`cairn:${event}`, { detail, bubbles: true }));
  };

  /** A failure that leaves no form: show it in the container, log it, and tell `error` listeners. */
  const fail = (error: CairnErrorEvent) => {
    if (destroyed) return;
    const where = host ? describe(host) : `'${String(target)}'`;
    const from = 'url' in source ? error.url ?? source.url : source.where;
    console.error(`${TITLE} in ${where} (config: ${from}):\n${error.message}`, ...(host ? [host] : []));
    if (host) {
      try {
        view?.unmount();
        view =
          options.dev === false
            ? renderNotice(host, 'This form is not available right now.')
            : renderNotice(host, `${TITLE}:`, error.message);
      } catch (renderError) {
        reportInternal(renderError, 'showing the error message');
      }
    }
    emit('error', error, true);
  };

  try {
    host = typeof target === 'string' ? document.querySelector(target) : target;
    if (!host || typeof host.attachShadow !== 'function') {
      const what = typeof target === 'string' ? `no element matches '${target}'` : `${String(target)} is not an element`;
      host = null;
      // Asynchronously, like every other event, so `mount(...).on('error', fn)` sees it.
      queueMicrotask(() => fail({ kind: 'mount', message: `Cairn.mount: ${what}.` }));
      return handle;
    }
    mounts.get(host)?.destroy();
    mounts.set(host, handle);
  } catch (error) {
    reportInternal(error, 'Cairn.mount');
    return handle;
  }

  const start = async () => {
    const loaded = await load(source, abort?.signal);
    if (destroyed) return;
    if (!loaded.ok) return fail(loaded.error);

    const parsed = parseForm(loaded.json);
    if (!parsed.ok) return fail({ kind: 'config', message: formatConfigErrors(parsed.errors), errors: parsed.errors });
    const form = parsed.form;

    const { dev: _dev, ...sessionOptions } = options;
    session = createForm(form, sessionOptions);
    for (const event of SESSION_EVENTS) {
      cleanups.push(
        session.on(event, (detail) => {
          if (event === 'error') {
            const failure = detail as CairnEvents['error'] & { error: NonNullable<CairnErrorEvent['error']> };
            console.error(
              `Cairn could not deliver a lead from ${describe(host!)} to ${form.submit.endpoint}: ${failure.error.message}`,
              host,
            );
            emit('error', { kind: 'delivery', message: failure.error.message, error: failure.error, payload: failure.payload! });
          } else {
            emit(event, detail as CairnEvents[typeof event]);
            if (event === 'delivered') redirectAfter(form);
          }
        }),
      );
    }
    view = mountForm(host!, session);
    emit('ready', { form, session }, true);
  };

  start().catch((error: unknown) => {
    if (destroyed || isAbort(error)) return;
    reportInternal(error, 'mounting the form');
    fail({ kind: 'mount', message: `rendering failed: ${errorText(error)}` });
  });
  return handle;
}

/** Read the config from where it is. Never throws (except an abort, which the caller ignores). */
async function load(source: ConfigSource, signal?: AbortSignal): Promise<Loaded> {
  if ('problem' in source) return { ok: false, error: { kind: 'config', message: source.problem } };
  if ('value' in source) return { ok: true, json: source.value };
  // Inline text goes to parseForm as text: it reports a JSON syntax error with line and column.
  if ('text' in source) return { ok: true, json: source.text };

  let url: string;
  try {
    url = new URL(source.url, document.baseURI).href;
  } catch {
    return loadFailure(source.url, `'${source.url}' is not a valid URL.`);
  }
  let response: Response;
  try {
    // Default mode and credentials, so a <link rel="preload" as="fetch" crossorigin> is reused.
    response = await fetch(url, signal ? { signal } : undefined);
  } catch (error) {
    if (isAbort(error)) throw error;
    return loadFailure(url, `could not load ${url} (${errorText(error)}). Check the URL, and CORS if it is on another origin.`);
  }
  if (!response.ok) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return loadFailure(url, `${url} answered HTTP ${status}. ${CHECK_URL}`, response.status);
  }
  const text = await response.text();
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    // Served as JSON but broken: the marketer's typo. parseForm says where.
    if (/json/i.test(type)) return { ok: true, json: text };
    const start = text.trim().slice(0, 40).replace(/\s+/g, ' ');
    return loadFailure(
      url,
      `${url} is not JSON (it was served as ${type || 'no content type'} and starts with "${start}"). ${CHECK_URL}`,
      response.status,
    );
  }
}

const CHECK_URL = 'Check the URL in data-cairn-form / src.';

function loadFailure(url: string, message: string, status?: number): Loaded {
  return { ok: false, error: { kind: 'load', message, url, status } };
}

/** After a delivered lead, go where `after.redirect` says — only ever to an http(s) URL. */
function redirectAfter(form: FormConfig) {
  const target = form.after?.redirect;
  if (!target) return;
  try {
    const url = new URL(target, location.href);
    if (url.protocol === 'https:' || url.protocol === 'http:') location.assign(url.href);
  } catch (error) {
    reportInternal(error, 'after.redirect');
  }
}

const isAbort = (error: unknown) => (error as { name?: string } | null)?.name === 'AbortError';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
