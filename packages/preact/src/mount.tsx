import { h, render, type ComponentChild } from 'preact';
import type { FormSession } from '@cairn/core';
import { CairnForm, type CairnFormProps } from './cairn-form.js';
import { Notice } from './notice.js';
import { cairnStyles } from './styles.js';

export interface Mounted {
  /** Render nothing and remove the container and stylesheet this mount added. Safe to call twice. */
  unmount(): void;
}

/** One constructed sheet shared by every mount in this document (created on first mount). */
let shared: CSSStyleSheet | undefined;

/**
 * Adds the stylesheet to `root` and returns how to take it away. Constructable
 * stylesheets first: they are parsed once for all forms and are not inline
 * `<style>` as far as a strict `style-src` CSP is concerned. Fallback (older
 * Safari, or a host from another document): a `<style>` element.
 */
function addStyles(root: ShadowRoot): () => void {
  try {
    if (!shared) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(cairnStyles);
      shared = sheet;
    }
    const sheet = shared;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => {
      const list = [...root.adoptedStyleSheets];
      const at = list.lastIndexOf(sheet);
      if (at >= 0) list.splice(at, 1);
      root.adoptedStyleSheets = list;
    };
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = cairnStyles;
    root.append(style);
    return () => style.remove();
  }
}

function mount(host: Element, ui: ComponentChild): Mounted {
  // Open, so host scripts, analytics and tests can still reach in; reused if present.
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const removeStyles = addStyles(root);
  const container = root.ownerDocument.createElement('div');
  root.append(container);
  render(ui, container);
  let mounted = true;
  return {
    unmount() {
      if (!mounted) return;
      mounted = false;
      render(null, container);
      container.remove();
      removeStyles();
    },
  };
}

/**
 * Render `session` into an open shadow root on `host` (attached, or reused if
 * `host` already has one), with Cairn's stylesheet. The caller keeps ownership
 * of the session: `unmount()` does not destroy it. `field` renders chosen fields itself (see
 * `CairnFormProps`).
 */
export function mountForm(host: Element, session: FormSession, field?: CairnFormProps['field']): Mounted {
  return mount(host, <CairnForm session={session} field={field} />);
}

/** Show a text-only message (e.g. "This form could not be loaded") in a shadow root on `host`. */
export function renderNotice(host: Element, title: string, message?: string): Mounted {
  return mount(host, <Notice title={title} message={message} />);
}
