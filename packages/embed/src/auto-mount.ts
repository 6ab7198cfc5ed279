import { mountSource, type CairnHandle, type ConfigSource, type MountOptions } from './mount.js';
import { describe, guard } from './report.js';
import { devAttribute } from './script-tag.js';

const ATTR = 'data-cairn-form';
/** `<cairn-form>` mounts itself; the attribute on it would only mount it twice. */
const SELECTOR = `[${ATTR}]:not(cairn-form)`;

/** Each mounted element's handle, or 0 while its inline config may still be being parsed. */
export type Mounted = Map<Element, CairnHandle | 0>;

/**
 * Where an element's config comes from: its `config` property (`<cairn-form>`), the URL in its attribute, or its inline
 * `<script type="application/json" data-cairn-config>` child. `undefined` while the
 * parser may still be adding that child (document still loading).
 */
export function sourceOf(element: Element, url: string | null): ConfigSource | undefined {
  // <cairn-form>'s `config` property: the config itself
  const own = (element as { config?: unknown }).config;
  if (own !== undefined) return { value: own, where: "the element's config property" };
  if ((url = url?.trim() || null)) return { url };
  // Until the document is parsed, the inline script (or the end of its text) may not be there yet.
  if (document.readyState == 'loading') return undefined;
  const where = describe(element);
  const script = element.querySelector(':scope>script[data-cairn-config]');
  if (script) return { value: script.textContent, where: 'the inline <script data-cairn-config>' };
  return { problem: `${where} has no config: neither a URL nor a <script type="application/json" data-cairn-config> inside.`, where };
}

/**
 * Mount `element` (once: while it is in `mounted`, nothing happens) from the URL in its `attr`
 * or its inline config; if that may still be arriving, once the document is parsed.
 */
export function track(mounted: Mounted, element: Element, attr: string): void {
  guard(() => {
    if (mounted.has(element) || !element.isConnected) return;
    const source = sourceOf(element, element.getAttribute(attr));
    // (<cairn-form>'s `options` property: Cairn.mount's options; its data-cairn-dev wins over theirs)
    const options = { ...(element as { options?: MountOptions }).options };
    options.dev = devAttribute(element) ?? options.dev;
    mounted.set(element, source ? mountSource(element, source, options) : 0);
    if (!source) {
      document.addEventListener(
        'DOMContentLoaded',
        () => mounted.get(element) === 0 && (mounted.delete(element), track(mounted, element, attr)),
        { once: true },
      );
    }
  }, 'auto-mount');
}

/** Destroy `element`'s form (or stop waiting for it). */
export function untrack(mounted: Mounted, element: Element): void {
  const entry = mounted.get(element);
  mounted.delete(element);
  if (entry) entry.destroy();
}

/**
 * Mount every `[data-cairn-form]` in the document now, and every one added later
 * (each element once); destroy a form when its element leaves the document; remount
 * when the attribute changes. Started the moment the script runs, so config
 * requests start as early as possible; before `<body>` exists the observer picks
 * elements up as the parser adds them.
 */
export function startAutoMount(): void {
  const mounted: Mounted = new Map();
  const scan = (node: Node) => {
    if (node.nodeType != 1) return;
    const element = node as Element;
    if (element.matches(SELECTOR)) track(mounted, element, ATTR);
    if (element.firstElementChild) element.querySelectorAll(SELECTOR).forEach((found) => track(mounted, found, ATTR));
  };

  new MutationObserver((records) =>
    guard(() => {
      // The URL changed or the attribute went away: start over (or stop).
      for (const { type, target, oldValue } of records) {
        if (type == 'attributes' && oldValue !== (target as Element).getAttribute(ATTR)) untrack(mounted, target as Element);
      }
      // Moved elements are connected again by now: only what really left is destroyed.
      for (const element of mounted.keys()) if (!element.isConnected) untrack(mounted, element);
      for (const record of records) {
        if (record.type == 'attributes') scan(record.target);
        else record.addedNodes.forEach(scan);
      }
    }, 'auto-mount'),
  ).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: [ATTR], attributeOldValue: true });
  scan(document.documentElement);
}
