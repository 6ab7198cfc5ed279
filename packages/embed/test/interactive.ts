/**
 * An init script (`page.addInitScript(markInteractive)`): the moment the page's first form field
 * appears in a shadow root — what a visitor can use — as `window.__interactiveAt` and the
 * performance mark `test:interactive`. (`cairn:ready` comes later: once the whole config passed
 * and the form can send, after cairn-later.js has loaded.)
 */
export function markInteractive() {
  const w = window as any;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    const observer = new MutationObserver(() => {
      if (w.__interactiveAt !== undefined || !root.querySelector('input,select,textarea')) return;
      w.__interactiveAt = performance.now();
      performance.mark('test:interactive');
      observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    return root;
  };
}
