// The lead's JSON text is the same on a page that patched JSON (issue 14, point 6: prototype.js's
// Array.prototype.toJSON turned a checkbox's answers into a string in the body).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { leadJson } from './lead-json.js';

const lead = {
  schema: 'cairn.lead/1',
  id: '6f1c',
  answers: { email: 'ada@example.com', topics: ['a', 'b'], quote: 'say "hi"\n\t\\', size: 12, ok: true, none: null, gone: undefined },
  text: 'lone \ud800 and pair \ud83d\ude00, nul \u0000, bell \u0007',
  nested: [{ x: [1, [2, undefined, () => 0]] }, Number.NaN, -0, 1e21],
};

const patched: (() => void)[] = [];
afterEach(() => {
  while (patched.length) patched.pop()!();
});

/** Sets `obj[key]` for this test only. */
function patch(obj: object, key: string, value: unknown) {
  const before = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, { value, configurable: true, writable: true });
  patched.push(() => (before ? Object.defineProperty(obj, key, before) : delete (obj as Record<string, unknown>)[key]));
}

describe('leadJson', () => {
  it('is what JSON.stringify gives on a clean page (random JSON values too)', () => {
    expect(leadJson(lead)).toBe(JSON.stringify(lead));
    fc.assert(fc.property(fc.jsonValue(), (v) => leadJson(v) === JSON.stringify(v)), { numRuns: 2_000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => leadJson(s) === JSON.stringify(s)), { numRuns: 2_000 });
  });

  it('on a page that patched toJSON (prototype.js) and JSON.stringify itself: the same text, arrays as arrays', () => {
    const clean = JSON.stringify(lead);
    patch(Array.prototype, 'toJSON', function (this: unknown[]) {
      return `[${this.join(', ')}]`;
    });
    patch(Object.prototype, 'toJSON', () => 'object');
    patch(JSON, 'stringify', () => 'hacked');
    expect(leadJson(lead)).toBe(clean);
  });
});
