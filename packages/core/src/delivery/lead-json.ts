/**
 * A lead as JSON text, whatever the host page did to JSON: a `toJSON` on `Array.prototype` or
 * `Object.prototype` (prototype.js adds them: `JSON.stringify` would send a checkbox's answers as
 * a string), or a replaced `JSON.stringify`. Plain data only (what a payload holds): `undefined`
 * and functions are left out of objects and are `null` in arrays, as `JSON.stringify` does; a
 * number that is not finite is `null`. The same text `JSON.stringify` gives on a clean page.
 */
export function leadJson(value: unknown): string {
  if (typeof value == 'string') return quote(value);
  if (typeof value == 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value == 'boolean') return String(value);
  if (value === null || typeof value != 'object') return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item == 'function' ? 'null' : leadJson(item))).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && typeof item != 'function') parts.push(`${quote(key)}:${leadJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Short escapes JSON has; other control characters and lone surrogates are `\uXXXX`. */
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const quote = (text: string) =>
  `"${text.replace(/["\\\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
