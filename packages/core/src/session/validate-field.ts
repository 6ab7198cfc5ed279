import type { FieldConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { normalizeOptions } from '../schema/options.js';
import { isPresent } from '../conditions/evaluate-condition.js';

/** Words a form may override (config `labels`). */
export interface ValidationMessages {
  required?: string;
}

export const REQUIRED_MESSAGE = 'This field is required.';

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
  const required = messages.required ?? REQUIRED_MESSAGE;
  const { type, min, max } = field;
  if (type === 'checkbox' || type === 'consent') return field.required && value !== true ? required : undefined;
  if (typeof value === 'string') value = value.trim();
  if (!isPresent(value)) return field.required ? required : undefined;

  if (type === 'number') {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isFinite(n)) return 'Enter a number.';
    if (min !== undefined && n < min) return `Enter ${min} or more.`;
    if (max !== undefined && n > max) return `Enter ${max} or less.`;
    return undefined;
  }

  if (type === 'checkboxes') {
    if (!Array.isArray(value)) return 'Choose from the options.';
    if (value.some((v) => !isOption(field, v))) return 'Choose from the options.';
    if (min !== undefined && value.length < min) return `Choose at least ${plural(min, 'option')}.`;
    if (max !== undefined && value.length > max) return `Choose at most ${plural(max, 'option')}.`;
    return undefined;
  }

  if (typeof value !== 'string') return 'Enter a valid value.';
  if (type === 'select' || type === 'radio') return isOption(field, value) ? undefined : 'Choose one of the options.';
  if (type === 'email' && !EMAIL.test(value)) return 'Enter a valid email address.';
  if (type === 'url' && !isWebAddress(value)) return 'Enter a full web address, like https://example.com.';
  if (type === 'tel' && !isPhone(value)) return 'Enter a valid phone number.';

  const length = [...value].length; // code points: an emoji is one character to the visitor
  if (min !== undefined && length < min) return `Enter at least ${plural(min, 'character')}.`;
  if (max !== undefined && length > max) return `Enter at most ${plural(max, 'character')}.`;
  const pattern = patternOf(field);
  if (pattern && !pattern.test(value)) return field.patternMessage ?? 'Enter a value in the requested format.';
  return undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
