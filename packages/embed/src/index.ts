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
import { startAutoMount } from './auto-mount.js';
import { defineElement } from './element.js';
import { mount, type CairnHandle, type MountOptions } from './mount.js';
import { guard } from './report.js';

export type { CairnHandle, MountOptions } from './mount.js';
export type { CairnErrorEvent, CairnErrorKind, CairnEventName, CairnEvents } from './events.js';

declare const __CAIRN_VERSION__: string;

export interface CairnGlobal {
  /** The version of this build, e.g. "0.1.0". */
  readonly version: string;
  /**
   * Render a form into `target` (an element or a selector) from a config object or the URL
   * of a form JSON. Returns at once; listen with `handle.on('ready' | 'error' | …)`.
   */
  mount(target: Element | string, configOrUrl: object | string, options?: MountOptions): CairnHandle;
}

declare global {
  interface Window {
    Cairn?: CairnGlobal;
  }
}

// Included twice (two tags, or a tag manager firing again): the first copy stays in charge.
if (!window.Cairn) {
  window.Cairn = { version: __CAIRN_VERSION__, mount };
  guard(defineElement, 'registering <cairn-form>');
  guard(startAutoMount, 'auto-mount');
}
