/**
 * `import type {} from '@cairn/embed/jsx-react'` (once, anywhere in a React 18/19 app):
 * `<cairn-form>` in JSX, with its attributes typed. (Its DOM type comes with `@cairn/embed` itself;
 * the `@cairn/react` wrapper is the React-native way to a form.)
 */
import type * as React from 'react';
import type { CairnFormAttributes } from './cairn.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'cairn-form': React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & CairnFormAttributes;
    }
  }
}
