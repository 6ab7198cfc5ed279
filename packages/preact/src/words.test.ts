import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CAPITALISED, SENTENCE, visitorTextUnder } from '../../core/test/visitor-words.js';
import * as words from './words.js';

const SRC = dirname(fileURLToPath(import.meta.url));

describe("the renderer's visitor-facing words", () => {
  test('the catalogue, word for word (a change here is a change every visitor reads)', () => {
    const sample = Object.fromEntries(Object.entries(words).map(([key, word]) => [key, typeof word === 'function' ? word(1, 2) : word]));
    expect(sample).toEqual({
      NEXT: 'Next',
      BACK: 'Back',
      SUBMIT: 'Submit',
      stepOf: 'Step 1 of 2',
      SELECT: 'Select…',
      RETRY: 'Try again',
      NOT_YOU: 'Not you?',
      WELCOME_BACK: 'Welcome back!',
      WELCOME_BACK_MESSAGE: 'Confirm your details and send.',
      THANK_YOU: 'Thank you!',
      BOOK: 'Book a meeting',
      NOT_SHOWN: 'This form could not be shown',
    });
  });

  test('every word is text a visitor can read: not empty, a capital first, no stray spaces', () => {
    for (const [key, word] of Object.entries(words)) {
      const text = typeof word === 'function' ? word(3, 4) : word;
      expect(text, key).toMatch(CAPITALISED);
      expect(text, key).toBe(text.trim());
      if (typeof word === 'function') expect(text, key).toMatch(/3.*4/);
    }
  });

  /**
   * The renderer writes no English of its own outside words.ts: a capitalised word in a string,
   * a template or JSX text is visitor-facing (its other strings are class names, ARIA values, CSS
   * and autocomplete tokens, all lower case). Anything that must be allowed goes here with why.
   */
  const ALLOWED: readonly { file: string; text: string }[] = [];

  test('no visitor-facing word is written outside words.ts', () => {
    const found = visitorTextUnder(SRC, (text) => CAPITALISED.test(text) || SENTENCE.test(text)).filter(
      (l) => l.file !== 'words.ts' && !ALLOWED.some((a) => a.file === l.file && a.text === l.text),
    );
    expect(
      found.map((l) => `${l.file}:${l.line}: ${l.text}`),
      'a word a visitor may read belongs in words.ts (import it from there)',
    ).toEqual([]);
  });
});
