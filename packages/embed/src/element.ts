import { guard, sourceOf, whenParsed } from './auto-mount.js';
import { mountSource, type CairnHandle } from './mount.js';

/** The mount of each connected `<cairn-form>` (kept outside the class so it minifies). */
const handles = new WeakMap<Element, CairnHandle>();
const waiting = new WeakSet<Element>();

function mountElement(element: Element): void {
  if (handles.has(element) || waiting.has(element) || !element.isConnected) return;
  const source = sourceOf(element, element.getAttribute('src'));
  if (source) {
    handles.set(element, mountSource(element, source));
    return;
  }
  waiting.add(element);
  whenParsed(() =>
    guard(() => {
      waiting.delete(element);
      mountElement(element);
    }, '<cairn-form>'),
  );
}

function unmountElement(element: Element): void {
  handles.get(element)?.destroy();
  handles.delete(element);
}

/**
 * `<cairn-form src="/forms/demo.json">` (or with an inline
 * `<script type="application/json" data-cairn-config>` child): mounts when connected,
 * is destroyed when disconnected, remounts when `src` changes. Events are dispatched
 * on the element as `cairn:ready`, `cairn:submit`, … DOM events.
 * Defined once per page, even if the script is included twice.
 */
export function defineElement(): void {
  if (typeof customElements === 'undefined' || customElements.get('cairn-form')) return;
  customElements.define(
    'cairn-form',
    class extends HTMLElement {
      static get observedAttributes() {
        return ['src'];
      }
      connectedCallback() {
        guard(() => mountElement(this), '<cairn-form> connectedCallback');
      }
      disconnectedCallback() {
        // A move (disconnect + connect in one task) keeps the form.
        queueMicrotask(() => guard(() => this.isConnected || unmountElement(this), '<cairn-form> disconnectedCallback'));
      }
      attributeChangedCallback(_name: string, before: string | null, after: string | null) {
        guard(() => {
          if (before === after || !handles.has(this)) return;
          unmountElement(this);
          mountElement(this);
        }, '<cairn-form> attributeChangedCallback');
      }
    },
  );
}
