/**
 * cairn.js — the script-tag build. Runs once, the moment the script runs:
 * defines `window.Cairn` (and no other global), registers `<cairn-form>`, and
 * mounts every `[data-cairn-form]` in the page, now and when added later.
 *
 *   <script src="https://…/cairn.js" defer></script>
 *   <div data-cairn-form="/forms/demo-request.json"></div>
 *
 * Nothing here may throw into the host page: every entry point is guarded and
 * every failure becomes a message in the container, an `error` event and a
 * console.error naming the element and the config URL. The wording for a broken
 * config is loaded only then, from cairn-diagnostics.js beside this file.
 */
import { startAutoMount } from '../auto-mount.js';
import { defineElement } from '../element.js';
import type { FormConfig, Profile } from '@cairn/core';
import type { CairnEventName, CairnEvents } from '../events.js';
import { mount, state, withRuntime, type CairnHandle, type MountOptions } from '../mount.js';
import { guard } from '../report.js';
import { documentReferrer, keepPendingView } from '@cairn/core/internal';

export type { CairnHandle, MountOptions } from '../mount.js';
export type { CairnErrorEvent, CairnErrorKind, CairnEventName, CairnEvents } from '../events.js';

declare const __CAIRN_VERSION__: string;

export interface CairnGlobal {
  /** The version of this build, e.g. "0.1.0". */
  readonly version: string;
  /**
   * Render a form into `target` (an element or a selector) from a config object or the URL
   * of a form JSON. Returns at once; listen with `handle.on('ready' | 'error' | …)`.
   */
  mount(target: Element | string, configOrUrl: object | string, options?: MountOptions): CairnHandle;
  /**
   * The visitor's consent to storing their answers (from your consent manager). `true`: answers
   * held in memory by forms with `profiling.consent: "required"` are written, and stored from
   * now on. `false`: the stored profile is erased and nothing is stored on this page until
   * consent is given. Never rejects.
   */
  consent(granted: boolean): Promise<void>;
  /** Erase every Cairn profile of this origin (every namespace), here and in open tabs. Never rejects. */
  forget(): Promise<void>;
  /** What is stored about the visitor (default profile, or a namespace's), for a "what we remember" panel. Never rejects. */
  profile(namespace?: string): Promise<Profile>;
  /**
   * Count an occurrence of event `name` for the visitor's behaviour signals, as a click on a
   * `data-cairn-signal="name"` element does: read by `{ "signal": "name.count" }`. `props` are
   * not stored (signals are roll-ups). Never rejects.
   */
  track(name: string, props?: object): Promise<void>;
}

/** `<cairn-form>`'s DOM events, each with its handle event's detail. They bubble. */
export type CairnElementEventMap = HTMLElementEventMap & { [E in CairnEventName as `cairn:${E}`]: CustomEvent<CairnEvents[E]> };

/** `<cairn-form>`: setting `src`, `config` or `options` remounts the form. */
export interface CairnFormElement extends HTMLElement {
  /** The form JSON's URL (the `src` attribute). */
  src: string | null;
  /** The config itself: wins over `src` and an inline `<script data-cairn-config>`. */
  config: FormConfig | undefined;
  /** `Cairn.mount`'s options (the element's `data-cairn-dev` wins over their `dev`). */
  options: MountOptions | undefined;
  addEventListener<K extends keyof CairnElementEventMap>(type: K, listener: (this: CairnFormElement, event: CairnElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CairnElementEventMap>(type: K, listener: (this: CairnFormElement, event: CairnElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** What `<cairn-form>` (and a `[data-cairn-form]` element) reads from its attributes. */
export interface CairnFormAttributes {
  /** The form JSON's URL (or an inline `<script type="application/json" data-cairn-config>` child). */
  src?: string;
  /** `"false"`: a broken config shows a short notice, not its details (see `MountOptions.dev`). */
  'data-cairn-dev'?: 'true' | 'false';
}

declare global {
  interface Window {
    Cairn?: CairnGlobal;
  }
  interface HTMLElementTagNameMap {
    'cairn-form': CairnFormElement;
  }
}

// Included twice (two tags, or a tag manager firing again): the first copy stays in charge.
// `window.Cairn` may also be the page's: markup (`<div id="Cairn">`, `<form name="Cairn">`) is
// replaced by the API; a script's own object is kept, said on the console, the forms of the page
// still mount (auto-mount, `<cairn-form>`), and the API is `customElements.get('cairn-form').Cairn`.
const taken = typeof window == 'object' ? (window.Cairn as unknown) : 0;
if (typeof window == 'object' && !(taken as CairnGlobal | undefined)?.version) {
  const api: CairnGlobal = {
    version: __CAIRN_VERSION__,
    mount,
    // The work is in cairn-later.js, loaded on demand; the consent itself is known at once (to forms mounted next).
    consent: (granted) => ((state.consent = !!granted), withRuntime((page) => page.consent(!!granted))),
    forget: () => withRuntime((page) => page.forget()),
    profile: async (namespace) => (await withRuntime((page) => page.profile(namespace))) || {},
    track: (name, props) => withRuntime((page) => page.track(name, props)),
  };
  if (taken && !(taken instanceof Element || taken instanceof HTMLCollection))
    console.error("cairn.js: window.Cairn is this page’s own: its forms still mount, and Cairn's API is customElements.get('cairn-form').Cairn");
  else window.Cairn = api;
  guard(() => defineElement(api), 'registering <cairn-form>');
  // A visitor who moves on before the page runtime recorded this page's view (it starts at idle
  // time): the view is kept for the next page's runtime — only on a page whose forms may store.
  const at = Date.now();
  addEventListener('pagehide', () => {
    if (state.forms && !state.viewed && (state.consent ?? !(state.forms & 2)))
      (state.viewed = true), keepPendingView({ url: location.href, referrer: documentReferrer(), at });
  });
  guard(startAutoMount, 'auto-mount');
  // A page without a form still sends what earlier pages left in the outbox (a form's page does it once the form is interactive).
  addEventListener('load', () => setTimeout(() => document.querySelector('[data-cairn-form],cairn-form') || withRuntime((page) => page.start())));
}
