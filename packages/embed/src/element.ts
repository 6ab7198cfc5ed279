import { track, untrack, type Mounted } from './auto-mount.js';
import type { MountOptions } from './mount.js';
import { guard } from './report.js';

/**
 * `<cairn-form src="/forms/demo.json">` (or with an inline
 * `<script type="application/json" data-cairn-config>` child, or its `config` property set to
 * the config itself): mounts when connected, is destroyed when disconnected, remounts when `src`,
 * `config` or `options` changes. Events are dispatched on the element as `cairn:ready`,
 * `cairn:submit`, … DOM events. Defined once per page, even if the script is included twice.
 * `customElements.get('cairn-form').Cairn` is the script tag's API (`api`).
 */
export function defineElement(api?: object): void {
  if (customElements.get('cairn-form')) return;
  const mounted: Mounted = new Map();
  customElements.define(
    'cairn-form',
    class extends HTMLElement {
      static observedAttributes = ['src'];
      /** The script tag's API, also where a page's own `window.Cairn` keeps it off `window`. */
      static Cairn = api;
      #config: unknown;
      get src() {
        return this.getAttribute('src');
      }
      set src(url) {
        url == null ? this.removeAttribute('src') : this.setAttribute('src', url);
      }
      #options: MountOptions | undefined;
      /** The config itself (wins over `src` and an inline config), read by auto-mount's `sourceOf`. */
      get config() {
        return this.#config;
      }
      set config(value) {
        this.#config = value;
        this.remount();
      }
      /** `Cairn.mount`'s options (`dev`, `initialValues`, `transports`, …), read by auto-mount's `track`. */
      get options() {
        return this.#options;
      }
      set options(value) {
        this.#options = value;
        this.remount();
      }
      connectedCallback() {
        track(mounted, this, 'src');
      }
      disconnectedCallback() {
        // A move (disconnect + connect in one task) keeps the form.
        queueMicrotask(() => this.isConnected || untrack(mounted, this));
      }
      attributeChangedCallback(_name: string, before: string | null, after: string | null) {
        if (before !== after) this.remount();
      }
      /** Start over with what the element says now (only once it is mounted: connecting mounts it). */
      remount() {
        guard(() => {
          if (!mounted.has(this)) return;
          untrack(mounted, this);
          track(mounted, this, 'src');
        }, '<cairn-form>');
      }
    },
  );
}
