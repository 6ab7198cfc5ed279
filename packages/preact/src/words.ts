/**
 * Every word of the renderer a form's visitor can read, the one place to translate them. Where
 * the config has a key for a word (`labels.next`, `labels.notYou`, `after.title`,
 * `profiling.welcomeBack.title`…) the config wins and these are the defaults. Validation and
 * delivery messages come from the session: their words are in @cairn/core's model/words.ts.
 *
 * One `export const` per word rather than an object: the bundler copies each word into the `??`
 * that uses it (config value ?? default), and no key is spelled out in cairn.js. words.test.ts
 * fails when a visitor-facing word is written anywhere else in the renderer.
 */

// Navigation (`labels.next`, `labels.back`, `labels.submit`).
export const NEXT = 'Next';
export const BACK = 'Back';
export const SUBMIT = 'Submit';
/** The progress line above a multi-step form, e.g. "Step 1 of 2" (1-based). */
export const stepOf = (step: number, steps: number) => `Step ${step} of ${steps}`;
/** A select's empty choice, unless the field has a `placeholder`. */
export const SELECT = 'Select…';

/** After a failed delivery: send the same lead again (`labels.retry`). */
export const RETRY = 'Try again';

// A returning visitor (progressive profiling).
/** Forget the visitor and start over (`labels.notYou`). */
export const NOT_YOU = 'Not you?';
/** `profiling.welcomeBack.title`. */
export const WELCOME_BACK = 'Welcome back!';
/** `profiling.welcomeBack.message`. */
export const WELCOME_BACK_MESSAGE = 'Confirm your details and send.';

// The thank-you view.
/** `after.title` (of the thank-you that applies). */
export const THANK_YOU = 'Thank you!';
/** The booking link (`labels.book`). */
export const BOOK = 'Book a meeting';

/** In place of a framework wrapper's form whose config did not load or is invalid (@cairn/react, @cairn/vue). */
export const NOT_SHOWN = 'This form could not be shown';
