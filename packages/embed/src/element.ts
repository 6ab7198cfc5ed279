import { track, untrack, type Mounted } from './auto-mount.js';
import { guard } from './report.js';

/**
 * `<cairn-form src="/forms/demo.json">` (or with an inline
 * `<script type="application/json" data-cairn-config>` child): mounts when connected,
 * is destroyed when disconnected, remounts when `src` changes. Events are dispatched
 * on the element as `cairn:ready`, `cairn:submit`, … DOM events.
 * Defined once per page, even if the script is included twice.
 */
export function defineElement(): void {
  if (customElements.get('cairn-form')) return;
  const mounted: Mounted = new Map();
  customElements.define(
    'cairn-form',
    class extends HTMLElement {
      static observedAttributes = ['src'];
      connectedCallback() {
        track(mounted, this, 'src');
      }
      disconnectedCallback() {
        // A move (disconnect + connect in one task) keeps the form.
        queueMicrotask(() => this.isConnected || untrack(mounted, this));
      }
      attributeChangedCallback(_name: string, before: string | null, after: string | null) {
        guard(() => {
          if (before === after || !mounted.has(this)) return;
          untrack(mounted, this);
          track(mounted, this, 'src');
        }, '<cairn-form>');
      }
    },
  );
}
