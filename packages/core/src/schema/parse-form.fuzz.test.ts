// Issue 14, point 5: random JSON into the config parsers. Whatever a marketer (or a hostile
// config author) hands them, `parseForm` and the script tag's `checkForm` never throw, and a
// config they refuse comes with errors that each name a path and say what is wrong in words.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkForm } from './check-form.js';
import { parseForm, type ParseResult } from './parse-form.js';

const RUNS = 10_000;
const demo: unknown = JSON.parse(readFileSync(resolve(fileURLToPath(import.meta.url), '../../../../../examples/landing-page/forms/demo-request.json'), 'utf8'));

/** Every refusal names a path and says, in words, what is wrong. */
function expectExplained(result: ParseResult) {
  if (result.ok) return expect(result.form).toBeTypeOf('object');
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.path).toBeTypeOf('string');
    expect(error.code).toBeTypeOf('string');
    expect(error.message.trim()).not.toBe('');
    expect(error.message).not.toMatch(/\[object Object\]|\bundefined\b|\bNaN\b/);
  }
}

/** Every path into `value` (as keys), the root included. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...at, i])));
  if (value && typeof value == 'object') return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...at, k])));
  return here;
}

/** `value` with the node at `path` replaced by `by` (a deep copy: `value` is untouched). */
function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (!path.length) return by;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = by;
  return copy;
}

const count = (what: string) => process.stdout.write(`fuzz: ${RUNS} ${what}\n`);

describe('config parsers under random input', () => {
  it(`${RUNS} random JSON values: never a throw; a form, or errors naming a path`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectExplained(parseForm(value));
        expectExplained(parseForm(JSON.stringify(value)));
        expect(() => checkForm(value)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
    count('random JSON values through parseForm (as values and as text) and checkForm');
  });

  it(`${RUNS} mutations of the demo form (one node replaced by random JSON): never a throw; the two parsers agree`, () => {
    const all = paths(demo);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.jsonValue({ maxDepth: 3 }), (at, by) => {
        const config = replaced(demo, all[at]!, by);
        const parsed = parseForm(config);
        expectExplained(parsed);
        const checked = checkForm(config);
        // the script tag's check refuses at least what the full parser refuses structurally; it may
        // accept what only the whole-form rules (cairn-later.js) refuse
        if (parsed.ok) expect(checked.ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
    count('mutated demo configs through parseForm and checkForm');
  });
});
