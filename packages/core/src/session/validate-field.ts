import type { FieldConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { normalizeOptions } from '../schema/options.js';
import { isPresent } from '../conditions/evaluate-condition.js';
import * as w from '../model/words.js';

/** Words a form may override (config `labels`); the rest are in model/words.ts. */
export interface ValidationMessages {
  required?: string;
}

/**
 * The message to show for a field's value, or `undefined` when it is fine.
 * Strings are checked trimmed (the payload sends them trimmed). An empty value
 * fails only `required`; a required checkbox or consent must be ticked (`true`).
 */
export function validateFieldValue(
  field: FieldConfig,
  value: FieldValue | undefined,
  messages: ValidationMessages = {},
): string | undefined {
  const required = messages.required ?? w.REQUIRED;
  const { type, min, max } = field;
  /** The message when `size` (a number, a count of options or of characters) is below `min` or above `max`. */
  const outside = (size: number, atLeast: (min: number) => string, atMost: (max: number) => string) =>
    // no `min` or `max`: a comparison with undefined is false
    size < min! ? atLeast(min!) : size > max! ? atMost(max!) : undefined;
  if (type === 'checkbox' || type === 'consent') return field.required && value !== true ? required : undefined;
  if (typeof value === 'string') value = value.trim();
  if (!isPresent(value)) return field.required ? required : undefined;

  // `(failed && w.WORD) || …` rather than `if (failed) return w.WORD`: the bundler copies a word
  // into an `&&`, `||` or `??`; anywhere else the word costs cairn.js a variable.
  if (type === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    return (!Number.isFinite(n) && w.NOT_A_NUMBER) || outside(n, w.numberAtLeast, w.numberAtMost);
  }

  if (type === 'checkboxes') {
    if (!Array.isArray(value) || value.some((v) => !isOption(field, v))) return w.CHOOSE_FROM_OPTIONS;
    return outside(value.length, w.chooseAtLeast, w.chooseAtMost);
  }

  if (typeof value !== 'string') return w.NOT_VALID;
  if (type === 'select' || type === 'radio') return (!isOption(field, value) && w.CHOOSE_AN_OPTION) || undefined;
  const pattern = patternOf(field);
  // The first check the value fails gives the message.
  return (
    (type === 'email' && !EMAIL.test(value) && w.NOT_AN_EMAIL) ||
    (type === 'url' && !isWebAddress(value) && w.NOT_A_WEB_ADDRESS) ||
    (type === 'tel' && !isPhone(value) && w.NOT_A_PHONE) ||
    // code points: an emoji is one character to the visitor
    outside([...value].length, w.textAtLeast, w.textAtMost) ||
    (pattern && !pattern.test(value) ? (field.patternMessage ?? w.NOT_IN_FORMAT) : undefined)
  );
}

/** Lenient on purpose: people write numbers many ways; we only reject what cannot be one. */
const isPhone = (s: string) => /^[0-9\s+()\-.]+$/.test(s) && s.replace(/\D/g, '').length >= 6;

/**
 * zod's default email rule (`z.email()`), by hand so the session never loads zod:
 * dot-separated local part without leading, trailing or double dots; a domain
 * of labels that do not start with '-', ending in a TLD of 2+ letters.
 */
export const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** zod's `regexes.domain`: a real domain name (no IP address, no `localhost`). */
const DOMAIN = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

/**
 * http(s) with a real domain name: what a visitor's website or LinkedIn URL
 * looks like. As zod's `z.url({ protocol: /^https?$/, hostname: domain })`:
 * `://` is required (so `http:example.com` is not silently fixed), then the
 * URL parser decides, then the host must be a domain name.
 */
export const isWebAddress = (s: string): boolean => {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    return DOMAIN.test(new URL(s).hostname);
  } catch {
    return false;
  }
};

// Per-field derived data, computed once per field config object.
const optionSets = /* @__PURE__ */ new WeakMap<FieldConfig, ReadonlySet<string>>();
function isOption(field: FieldConfig, value: string): boolean {
  if (!field.options) return true; // nothing to check against (parseForm reports the missing list)
  let set = optionSets.get(field);
  if (!set) optionSets.set(field, (set = new Set(normalizeOptions(field.options).map((o) => o.value))));
  return set.has(value);
}

const patterns = /* @__PURE__ */ new WeakMap<FieldConfig, RegExp | null>();
function patternOf(field: FieldConfig): RegExp | null {
  if (field.pattern === undefined) return null;
  let re = patterns.get(field);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${field.pattern})$`); // the whole value must match, like HTML `pattern`
    } catch {
      re = null; // an invalid pattern is a config error (parseForm reports it); never block the visitor
    }
    patterns.set(field, re);
  }
  return re;
}
