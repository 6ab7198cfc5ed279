/**
 * Every word of core a form's visitor can read: validation messages and delivery messages, the
 * one place to translate them. Developer-facing words (config errors in schema/, console
 * messages, thrown errors) are not here. A config's `labels` still wins where it has a key
 * (`labels.required`); the renderer's words are in @cairn/preact's words.ts.
 *
 * One `export const` per word rather than an object: cairn.js keeps only the words it uses, the
 * bundler copies a word into the `&&`, `||` or `??` that uses it, and no key is spelled out in
 * the bundle. Sentences with a number are functions.
 * This module imports nothing (model/: anything may import it without forming a cycle).
 * words.test.ts fails when a visitor-facing sentence is written anywhere else in core.
 */

// Validation: what is wrong with a field's value and how to fix it.
export const REQUIRED = 'This field is required.';
export const NOT_A_NUMBER = 'Enter a number.';
export const numberAtLeast = (min: number) => `Enter ${min} or more.`;
export const numberAtMost = (max: number) => `Enter ${max} or less.`;
export const CHOOSE_FROM_OPTIONS = 'Choose from the options.';
export const chooseAtLeast = (min: number) => `Choose at least ${min} option${min === 1 ? '' : 's'}.`;
export const chooseAtMost = (max: number) => `Choose at most ${max} option${max === 1 ? '' : 's'}.`;
export const NOT_VALID = 'Enter a valid value.';
export const CHOOSE_AN_OPTION = 'Choose one of the options.';
export const NOT_AN_EMAIL = 'Enter a valid email address.';
export const NOT_A_WEB_ADDRESS = 'Enter a full web address, like https://example.com.';
export const NOT_A_PHONE = 'Enter a valid phone number.';
export const textAtLeast = (min: number) => `Enter at least ${min} character${min === 1 ? '' : 's'}.`;
export const textAtMost = (max: number) => `Enter at most ${max} character${max === 1 ? '' : 's'}.`;
/** Unless the field has its own `patternMessage`. */
export const NOT_IN_FORMAT = 'Enter a value in the requested format.';

// Delivery: what happened to the visitor's details and what to do; never technical detail.
/** The lead could not be handed to delivery at all (the deliver function threw). */
export const DELIVERY_FAILED = "We couldn't send your details. Please try again.";
/** Queued: the outbox keeps trying; the visitor is done. */
export const DELIVERY_WAITING = 'Your details are saved and will be sent as soon as the connection allows.';
/** Not delivered yet, and nowhere to keep it beyond this page (IndexedDB unavailable): the visitor must not leave thinking it is done. */
export const DELIVERY_NOT_SAVED = 'Your details are not saved yet. Please keep this page open while we try again, or try again now.';
/** Every destination refused the lead (a 4xx): trying again will not help. */
export const DELIVERY_REFUSED = "We couldn't accept your details. Please contact us another way.";
/** The form has nowhere to send to, or delivery broke. */
export const DELIVERY_BROKEN = "This form can't send right now. Please contact us another way.";
/** One attempt (`postLead`): no connection. */
export const DELIVERY_OFFLINE = "We couldn't send your details. Check your connection and try again.";
/** One attempt (`postLead`): no answer in time. */
export const DELIVERY_TIMEOUT = 'The server took too long to answer. Please try again.';
/** One attempt (`postLead`): the server is busy or failing (5xx, 429…). */
export const DELIVERY_BUSY = "We couldn't send your details right now. Please try again in a moment.";
