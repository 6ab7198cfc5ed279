import { mountSource, type CairnHandle, type ConfigSource } from './mount.js';
import { describe, reportInternal } from './report.js';

const ATTR = 'data-cairn-form';
/** `<cairn-form>` mounts itself; the attribute on it would only mount it twice. */
const SELECTOR = `[${ATTR}]:not(cairn-form)`;
const INLINE = ':scope>script[data-cairn-config]';

/** Marks an element whose inline config is still being parsed. */
const WAITING = 0;
type Entry = CairnHandle | typeof WAITING;

/** Run `fn`; whatever it throws is logged, never passed to the page. */
export function guard(fn: () => void, where: string): void {
  try {
    fn();
  } catch (error) {
    reportInternal(error, where);
  }
}

/**
 * Where an element's config comes from: the URL in its attribute, or its inline
 * `<script type="application/json" data-cairn-config>` child. `undefined` while the
 * parser may still be adding that child (document still loading).
 */
export function sourceOf(element: Element, url: string | null): ConfigSource | undefined {
  const trimmed = url?.trim();
  if (trimmed) return { url: trimmed };
  // Until the document is parsed, the inline script (or the end of its text) may not be there yet.
  if (document.readyState === 'loading') return undefined;
  const script = element.querySelector(INLINE);
  if (script) return { text: script.textContent ?? '', where: 'the inline <script data-cairn-config>' };
  return {
    problem: `${describe(element)} has no config: give it a form URL, or put the config inside it in <script type="application/json" data-cairn-config>.`,
    where: describe(element),
  };
}

/** Run `fn` once the document is parsed. */
export function whenParsed(fn: () => void): void {
  document.addEventListener('DOMContentLoaded', fn, { once: true });
}

/**
 * Mount every `[data-cairn-form]` in the document now, and every one added later
 * (each element once); destroy a form when its element leaves the document; remount
 * when the attribute changes. Started the moment the script runs, so config
 * requests start as early as possible; before `<body>` exists the observer picks
 * elements up as the parser adds them.
 */
export function startAutoMount(): void {
  const mounted = new Map<Element, Entry>();

  const mountElement = (element: Element) => {
    if (mounted.has(element)) return;
    const source = sourceOf(element, element.getAttribute(ATTR));
    if (source) {
      mounted.set(element, mountSource(element, source));
      return;
    }
    mounted.set(element, WAITING);
    whenParsed(() =>
      guard(() => {
        if (mounted.get(element) !== WAITING) return;
        mounted.delete(element);
        if (element.isConnected && element.hasAttribute(ATTR)) mountElement(element);
      }, 'auto-mount'),
    );
  };

  const unmountElement = (element: Element) => {
    const entry = mounted.get(element);
    mounted.delete(element);
    if (entry) entry.destroy();
  };

  const scan = (node: Node) => {
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (element.matches(SELECTOR)) mountElement(element);
    if (element.firstElementChild) element.querySelectorAll(SELECTOR).forEach(mountElement);
  };

  const onMutations = (records: MutationRecord[]) =>
    guard(() => {
      let removed = false;
      for (const record of records) {
        if (record.type === 'attributes') {
          const element = record.target as Element;
          if (!mounted.has(element)) continue;
          if (record.oldValue === element.getAttribute(ATTR)) continue;
          // The URL changed or the attribute went away: start over (or stop).
          unmountElement(element);
        } else if (record.removedNodes.length) {
          removed = true;
        }
      }
      // Moved elements are connected again by now: only what really left is destroyed.
      if (removed) for (const element of [...mounted.keys()]) if (!element.isConnected) unmountElement(element);
      for (const record of records) {
        if (record.type === 'attributes') {
          const element = record.target as Element;
          if (element.isConnected && element.matches(SELECTOR)) mountElement(element);
        } else {
          record.addedNodes.forEach((node) => node.isConnected && scan(node));
        }
      }
    }, 'the [data-cairn-form] observer');

  new MutationObserver(onMutations).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: [ATTR],
    attributeOldValue: true,
  });
  guard(() => document.querySelectorAll(SELECTOR).forEach(mountElement), 'auto-mount');
}
