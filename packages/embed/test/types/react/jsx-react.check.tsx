// Type-checked by `npm run typecheck`, never run: `<cairn-form>` in React's JSX with
// `@cairn/embed/jsx-react`.
import type {} from '../../../src/entries/jsx-react.js';

export const ok = <cairn-form src="/forms/demo.json" data-cairn-dev="false" className="signup" />;
// @ts-expect-error: data-cairn-dev is "true" or "false"
export const wrong = <cairn-form data-cairn-dev="nope" />;
