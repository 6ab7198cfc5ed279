import { evaluateCondition, isPresent, type FactReader } from '../conditions/evaluate-condition.js';
import type { AfterConfig, FormConfig } from '../schema/form-schema.js';

/** What to show after a successful submit: the chosen rule, its booking link built. */
export interface AfterChoice {
  title?: string;
  message?: string;
  redirect?: string;
  /** The booking URL with its `params` filled from answers (URL-encoded); absent params are left out. */
  booking?: string;
}

/**
 * The first `after` rule whose `when` holds (a rule without `when` always does);
 * `after` as a single object is a list of one. `read` answers the facts (use
 * `withScore(leadFacts(…).read, score)` so rules can read the score).
 */
export function chooseAfter(after: FormConfig['after'], read: FactReader): AfterChoice | undefined {
  const rule = ([] as AfterConfig[]).concat(after ?? []).find((r) => !r.when || evaluateCondition(r.when, read));
  if (!rule) return undefined;
  const { title, message, redirect, booking } = rule;
  const choice: AfterChoice = {};
  if (title !== undefined) choice.title = title;
  if (message !== undefined) choice.message = message;
  if (redirect !== undefined) choice.redirect = redirect;
  if (booking) choice.booking = bookingUrl(booking.url, booking.params ?? {}, read);
  return choice;
}

/**
 * `text` with each lone surrogate (half of a UTF-16 pair: typed or pasted text can hold one)
 * replaced by U+FFFD, as `String.prototype.toWellFormed` does: `encodeURIComponent` throws a
 * URIError on one, which failed the submit after the lead was delivered.
 */
const wellFormed = (text: string): string => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** `url` with `param=answer` pairs added before any `#fragment`; lists are comma-separated. */
const bookingUrl = (url: string, params: Readonly<Record<string, string>>, read: FactReader): string => {
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const query = Object.keys(params).flatMap((param) => {
    const value = read('field', params[param]!);
    return isPresent(value) ? [`${encodeURIComponent(param)}=${encodeURIComponent(wellFormed(String(value)))}`] : [];
  });
  if (!query.length) return url;
  return base + (base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?') + query.join('&') + fragment;
};
