// @vitest-environment node
import { expect, test } from 'vitest';

// The same corpus, scored in Node (no DOM): it must match the file score.corpus.test.ts
// checks in happy-dom, so a receiver re-scoring a lead gets the browser's score exactly.
import './score.corpus.test.js';

test('runs without a DOM', () => {
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
});
