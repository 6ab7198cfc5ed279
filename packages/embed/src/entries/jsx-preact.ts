/**
 * `import type {} from '@cairn/embed/jsx-preact'` (once, anywhere in a Preact app): `<cairn-form>`
 * in JSX, with its attributes typed. (Its DOM type, `HTMLElementTagNameMap['cairn-form']`, comes
 * with `@cairn/embed` itself.)
 */
import type { JSX } from 'preact';
import type { CairnFormAttributes } from './cairn.js';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'cairn-form': JSX.HTMLAttributes<HTMLElement> & CairnFormAttributes;
    }
  }
}
