import { checkFormShape, createPageState, createSession, knownProfile, readStoredProfile, QUICK_RENDER_CHARS } from '@cairn/core/internal';
import type { FormLink, FormNews, PageRuntime, PageState } from '@cairn/core/internal';
import type { CustomTransport, DestinationConfig, EnrichHook, FormConfig, FormSession, HostProfile, Profile, SessionOptions } from '@cairn/core';
import { mountForm, renderNotice, type Mounted } from '@cairn/preact';
import { createHub, type CairnErrorEvent, type CairnEventName, type CairnEvents } from './events.js';
import { explainConfig } from './explain.js';
import { setChunkBase } from './chunk-base.js';
import { deployMistake } from './chunk-check.js';
import { loadLater, within } from './later.js';
import type * as Later from './entries/cairn-later.js';
import { describe, errorText, guard, reportInternal } from './report.js';
import { showDetails } from './script-tag.js';
import { NOT_AVAILABLE } from './words.js';

export interface MountOptions extends Omit<SessionOptions, 'profile'> {
  /**
   * Show what is wrong with a config in the container, with every JSON path. `false` shows a
   * short "not available" notice instead; the details still go to the console and to `error`
   * listeners. Default: the script tag's `data-cairn-dev`, else `true` on localhost (and
   * 127.0.0.1, [::1], *.localhost, file:) and `false` on any other host.
   */
  dev?: boolean;
  /**
   * Where the files cairn.js loads later are (cairn-later.js, cairn-page-engine.js,
   * cairn-diagnostics.js), when not beside cairn.js (or, for `import '@cairn/embed'`, in the
   * package): a URL prefix. Chunks load once per page, so the first base given wins; the script
   * tag's `data-cairn-base` wins over all.
   */
  base?: string;
  /** A separate profile on this origin (database `cairn-profile:<namespace>`), e.g. for a second brand. */
  namespace?: string;
  /**
   * What the host page already knows about the visitor, by profile key: a value (remembered as
   * learned now, source form `mount`) or a whole entry. It wins over the stored profile and,
   * like it, makes a field known (a known pool field is not asked). Unlike `initialValues`,
   * which only prefill.
   */
  profile?: HostProfile;
  /**
   * The functions `custom` destinations of `submit.destinations` name, e.g.
   * `{ crm: async (lead) => ({ ok: (await myClient.send(lead)).accepted }) }`. A lead waiting
   * in the outbox is retried only on pages that mount a form with its function.
   */
  transports?: Readonly<Record<string, CustomTransport<DestinationConfig>>>;
  /**
   * Adds data to each lead before it is stored and sent, as `payload.enrichment`: given the
   * payload, resolves an object (firmographics, say). Fails open: an error, or no answer within
   * `submit.enrich.timeoutMs` (default 1.5 s), and the lead goes without. Wins over `submit.enrich.url`.
   */
  enrich?: EnrichHook;
}

/** What this page knows before the runtime loads (consent given early), handed to it when it does. */
export const state: PageState = createPageState();

/**
 * Run `f` with the page runtime from cairn-later.js (loaded on demand, once). Never rejects: if
 * the module cannot be loaded (the message names it) or `f` fails, the console says so (once per
 * page) and the result is `undefined`.
 */
export const withRuntime = <T>(f: (runtime: PageRuntime) => T | Promise<T>): Promise<T | undefined> =>
  loadLater<typeof Later>('cairn-later.js')
    .then((later) => f(later.runtime(state)))
    .catch((error) => void state.warn(errorText(error)));

export interface CairnHandle {
  /** Listen to `ready step change submit delivered error`. Returns a function that stops listening. */
  on<E extends CairnEventName>(event: E, listener: (detail: CairnEvents[E]) => void): () => void;
  /** Remove the form (or its message) and stop everything it was doing. Safe to call twice. */
  destroy(): void;
}

/** Where a mount gets its config from. */
export type ConfigSource =
  | { url: string }
  /** The config itself, or its JSON text (an inline `<script data-cairn-config>`). */
  | { value: unknown; where: string }
  /** Nothing to load: `problem` says why (e.g. an element with neither a URL nor an inline config). */
  | { problem: string; where: string };

/** The live mount on each host, so mounting again replaces it instead of stacking. */
const mounts = new WeakMap<Element, CairnHandle>();

const TITLE = 'Cairn could not show this form';
/** What `verify` throws for a config that broke a whole-form rule (already reported). */
const INVALID = 'invalid config';

/** `Cairn.mount(target, configOrUrl, options)`: a string is a URL, anything else the config itself. */
export function mount(target: Element | string, configOrUrl: unknown, options?: MountOptions): CairnHandle {
  return mountSource(
    target,
    typeof configOrUrl == 'string' ? { url: configOrUrl } : { value: configOrUrl, where: 'the config passed to Cairn.mount' },
    options,
  );
}

/**
 * Mount a form. Returns at once; loading, checking and rendering continue
 * asynchronously and report through events. Never throws: every failure ends
 * as a message in the container, an `error` event and a console.error.
 */
export function mountSource(target: Element | string, source: ConfigSource, options: MountOptions = {}): CairnHandle {
  let destroyed = false;
  let host: Element | null = null;
  let view: Mounted | undefined;
  let session: FormSession | undefined;
  let detach: (() => void) | undefined;
  const abort = new AbortController();
  const hub = createHub((error, event) => reportInternal(error, `a '${event}' listener`));

  const handle: CairnHandle = {
    on: hub.on,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      // The session's own listeners go with it; an aborted config request ends in `start`'s catch.
      guard(() => {
        abort.abort();
        view?.unmount();
        session?.destroy();
        detach?.();
      }, 'destroy');
      hub.clear();
      if (host && mounts.get(host) == handle) mounts.delete(host);
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
    view = showFailure(error, host, view, `${host ? describe(host) : `'${String(target)}'`} (config: ${'url' in source ? (error.url ?? source.url) : source.where})`, options.dev);
    emit('error', error, true);
  };

  try {
    setChunkBase(options.base);
    host = typeof target == 'string' ? document.querySelector(target) : target;
    if (typeof host?.attachShadow != 'function') {
      host = null;
      // Asynchronously, like every other event, so `mount(...).on('error', fn)` sees it.
      queueMicrotask(() => fail({ kind: 'mount', message: `Cairn.mount: ${notAnElement(target)}.` }));
      return handle;
    }
    mounts.get(host)?.destroy();
    mounts.set(host, handle);
  } catch (error) {
    reportInternal(error, 'Cairn.mount');
    return handle;
  }

  const start = async () => {
    const stored = readProfileSoon(options.namespace);
    const json = await load(source, abort.signal);
    if (destroyed) return;
    // The structure is checked before rendering: the renderer relies on it. The whole-form
    // rules come with cairn-later.js right after; both must hold before any lead is built.
    const checked = checkFormShape(json);
    // Invalid: the words for it are loaded now (cairn-diagnostics.js), never before.
    if (!checked.ok) return fail({ kind: 'config', ...(await explainConfig(json, checked.problems)) });
    const { form } = checked;
    await accepted(form, json);
    // Only a pool waits for the stored profile (it decides which fields are asked); other forms render first.
    let [read, problem] = form.profiling?.pool?.length ? await stored() : [];
    if (destroyed) return;
    // What the form reports besides its session's events (storage problems, a queued lead delivered or refused), as its events.
    const link: FormLink = { ...options, label: describe(host!), news: emit as FormNews };
    let services: ReturnType<PageRuntime['services']> | undefined;
    const verify = async () => {
      const later = await loadLater<typeof Later>('cairn-later.js');
      const verdict = later.checkFormSemantics(form);
      if (!verdict.ok) {
        fail({ kind: 'config', ...(await explainConfig(json, verdict.problems)) });
        throw INVALID;
      }
      // The runtime takes over (not before the config passed: nothing is stored for an invalid form).
      if (!services && !destroyed) {
        const runtime = later.runtime(state);
        services = runtime.services(form, link);
        detach = runtime.connect(form, session!, { ...link, read, problem, shown: !read, answered: answered(), host: host! });
        emit('ready', { form, session: session! }, true); // the whole config passed and the form can send
      }
    };
    session = sessionFor(form, read ?? {}, options, () => services!, () => verify().then(() => services!.prepare()));
    const answered = forwardEvents(session, host!, emit);
    view = mountForm(host!, session);
    if (!read) prefillWhenRead(stored, options.profile, (late, issue) => !destroyed && !services && ((read = late), (problem = issue), session));
    checkSoon(host!, abort.signal, verify, { answered, fail, emit });
  };

  // (A destroyed mount ends here too, with its aborted request: `fail` then does nothing.)
  start().catch((error: CairnErrorEvent | undefined) => fail(error?.kind ? error : internalFailure(error)));
  return handle;
}

/**
 * A form whose shape passed: the page notes it (`state.forms`: where its view may be kept for the
 * next page, see entries/cairn.ts). A config past `QUICK_RENDER_CHARS` is checked whole
 * (cairn-later.js: its size limits among the rules) before it is rendered: one far past them could
 * freeze the host page while it renders. Throws the error event when it fails.
 */
async function accepted(form: FormConfig, json: unknown) {
  state.forms = (state.forms ?? 0) | (form.profiling?.consent == 'required' ? 3 : 1);
  if (JSON.stringify(form).length <= QUICK_RENDER_CHARS) return;
  const verdict = (await loadLater<typeof Later>('cairn-later.js')).checkFormSemantics(form);
  if (!verdict.ok) throw { kind: 'config', ...(await explainConfig(json, verdict.problems)) };
}

/**
 * A failure that leaves no form, shown in the container (`dev: false`: a short notice) and logged
 * with `where`. Returns what the container shows now.
 */
function showFailure(error: CairnErrorEvent, host: Element | null, view: Mounted | undefined, where: string, dev?: boolean) {
  console.error(`${TITLE} in ${where}:\n${error.message}`, ...(host ? [host] : []));
  if (host) {
    guard(() => {
      view?.unmount();
      const [title, message] = showDetails(dev) ? [`${TITLE}:`, error.message] : [NOT_AVAILABLE];
      view = renderNotice(host, title!, message);
    }, 'showing the error');
  }
  return view;
}

/** Not a load (or `problem`) error event from `load`: a bug, ours or a library's. */
function internalFailure(error: unknown): CairnErrorEvent {
  reportInternal(error, 'mounting the form');
  return { kind: 'mount', message: `rendering failed: ${errorText(error)}` };
}

/**
 * The stored profile as `[profile, problem]`, or `[undefined]` when it did not land within 250 ms:
 * the form is then shown as for a new visitor, and the runtime applies the profile when it lands
 * (only ever shortening the view: `shown`). A first visit opens no database (readStoredProfile).
 */
function readProfileSoon(namespace?: string): () => Promise<[Profile?, unknown?]> {
  const stored = state.consent == false ? Promise.resolve<[Profile]>([{}]) : readStoredProfile(namespace);
  return () => Promise.race([stored, new Promise<[]>((r) => setTimeout(r, 250, []))]);
}

/**
 * A form shown before the stored profile was read: when the read lands (within 250 ms), `take`
 * keeps it and returns the session to prefill, or nothing when it is too late (the form gone, or
 * the runtime connected: it reads the profile itself, `shown`). Only a form without a pool gets
 * here, so the profile only fills in what is on screen; a field the visitor touched keeps its
 * answer (`updateProfile`).
 */
function prefillWhenRead(
  stored: () => Promise<[Profile?, unknown?]>,
  host: MountOptions['profile'],
  take: (read: Profile, problem: unknown) => FormSession | false | undefined,
) {
  void stored().then(([read, problem]) => {
    const session = read && take(read, problem);
    if (session && Object.keys(read).length) session.updateProfile(knownProfile(state, session.config, read, host), { initial: true });
  });
}

/**
 * Now the form is interactive: fetch what sends the lead and finish checking the config (`verify`)
 * once nothing competes with the first keystroke (idle time) or at the first touch of the form; a
 * submit waits for it (`ready`). If cairn-later.js does not load for a reason that is
 * certain (a deploy mistake), it is named at once: before any answer the form gives way to it (it
 * could never send), after one the console and an `error` event say it.
 */
function checkSoon(
  host: Element,
  signal: AbortSignal,
  verify: () => Promise<void>,
  mounted: { answered: () => unknown; fail: (error: CairnErrorEvent) => void; emit: (event: 'error', detail: CairnErrorEvent) => void },
) {
  whenIdleOrTouched(host, signal, () =>
    verify().catch(async (error) => {
      if (error == INVALID) return;
      const failure = await deployMistake('cairn-later.js');
      if (!failure) state.warn(errorText(error));
      else if (!mounted.answered()) mounted.fail(failure);
      else console.error(failure.message, host), mounted.emit('error', failure);
    }),
  );
}

/**
 * Runs `then` once: when the page is next idle (within 2 s), or when focus first enters `host`,
 * whichever comes first; never once `signal` aborted (a destroyed mount: nothing of it stays
 * referenced, see test/memory.browser.test.ts).
 */
function whenIdleOrTouched(host: Element, signal: AbortSignal, then: () => void) {
  let done = 0;
  const once = () => done++ || then();
  // (a click focuses too; the listener goes after its first call)
  host.addEventListener('focusin', once, { once: true, signal });
  const idle = 'requestIdleCallback' in globalThis;
  const id = idle ? requestIdleCallback(once, { timeout: 2e3 }) : setTimeout(once, 50);
  signal.addEventListener('abort', () => (idle ? cancelIdleCallback : clearTimeout)(id as never));
}

/** Why `target` cannot hold a form. */
const notAnElement = (target: unknown) => (typeof target == 'string' ? `no element matches '${target}'` : `${String(target)} is not an element`);

/** The form's session; its lead is built, sent and followed up by the page runtime's `services` (cairn-later.js and the engine part are loaded by then: `ready`). */
function sessionFor(
  form: FormConfig,
  read: Profile,
  options: MountOptions,
  services: () => ReturnType<PageRuntime['services']>,
  ready: () => Promise<void>,
): FormSession {
  type Services = ReturnType<PageRuntime['services']>;
  /** The runtime's service `name`, called once it is there (a submission awaits `ready` first). */
  const late = <K extends keyof Services>(name: K) =>
    ((...args: unknown[]) => (services()[name] as (...args: unknown[]) => unknown)(...args)) as NonNullable<Services[K]>;
  return createSession(
    form,
    { ...options, profile: knownProfile(state, form, read, options.profile), onLearn: late('onLearn') },
    {
      deliver: options.deliver ?? late('deliver'),
      context: options.context ?? late('context'),
      payload: late('payload'),
      after: late('after'),
      lead: late('lead'),
      copy: late('copy'),
      ready,
    },
  );
}

/** The session's events, as the handle's (and the host's DOM events); a delivery error also to the console. Returns the last answer given so far. */
function forwardEvents(session: FormSession, host: Element, emit: <E extends CairnEventName>(event: E, detail: CairnEvents[E]) => void) {
  let answered: CairnEvents['change'] | undefined;
  session.on('change', (change) => (answered = change));
  session.on('error', ({ error, payload }) => {
    // (the visitor's words are `error.message`; the developer's, naming the request, `detail`)
    const message = error.detail || error.message;
    console.error(`Cairn could not deliver a lead from ${describe(host)}: ${message}`, host);
    emit('error', { kind: 'delivery', message, error, payload });
  });
  for (const event of ['step', 'change', 'submit', 'delivered', 'queued', 'notYou'] as const) {
    session.on(event, (detail) => {
      emit(event, detail);
      // After a lead delivered (or safe in the outbox), go where `after.redirect` says: only ever to an http(s) URL.
      const redirect = session.after.peek()?.redirect;
      if ((event == 'delivered' || event == 'queued') && redirect && /^https?:\/\//i.test(redirect)) guard(() => location.assign(redirect), 'after.redirect');
    });
  }
  // the last answer so far: a runtime connecting late counts the form as started (ConnectOptions.answered)
  return () => answered;
}

/**
 * The config, or its JSON text for `checkForm` to parse (a JSON syntax error is then a config
 * error, with line and column). Throws a `load` (or, for `problem`, `config`) error event.
 */
async function load(source: ConfigSource, signal: AbortSignal): Promise<unknown> {
  if ('problem' in source) throw { kind: 'config', message: source.problem } satisfies CairnErrorEvent;
  if ('value' in source) return source.value;
  let url = source.url;
  let response: Response;
  const failure = (message: string, status?: number): CairnErrorEvent => ({ kind: 'load', message, url, status });
  try {
    url = new URL(url, document.baseURI).href;
    // Default mode and credentials, so a <link rel="preload" as="fetch" crossorigin> is reused.
    // A server that never answers must not leave an empty container forever.
    response = await within(fetch(url, { signal }));
  } catch (error) {
    throw failure(`could not load ${url} (${errorText(error)}). If it is on another origin, check CORS.`);
  }
  const { status } = response;
  if (!response.ok) throw failure(`${url} answered HTTP ${status} ${response.statusText}`.trim(), status);
  const type = response.headers.get('content-type');
  let text: string;
  try {
    // in the charset the server declares (a config served as ISO-8859-1 is not UTF-8); UTF-8 without one
    text = new TextDecoder(/charset="?([\w-]+)/i.exec(type!)?.[1]).decode(await response.arrayBuffer());
  } catch (error) {
    throw failure(`could not read ${url} (${errorText(error)})`, status);
  }
  // Served as JSON, or looks like it: the config (broken JSON is the marketer's typo, reported with line and column).
  if (/json/i.test(type!) || /^\s*[[{]/.test(text)) return text;
  const start = text.trim().slice(0, 40).replace(/\s+/g, ' ');
  throw failure(`${url} is not JSON (it was served as ${type || 'no content type'} and starts with "${start}").`, status);
}
