import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { SENTENCE, visitorTextUnder } from '../../test/visitor-words.js';
import { DELIVERY_REFUSED, DELIVERY_WAITING } from '../delivery/outbox-deliver.js';
import * as words from './words.js';

const SRC = dirname(dirname(fileURLToPath(import.meta.url)));

describe("core's visitor-facing words", () => {
  test('the catalogue, word for word (a change here is a change every visitor reads)', () => {
    const sample = Object.fromEntries(
      Object.entries(words).map(([key, word]) => [key, typeof word === 'function' ? [word(1), word(2)] : word]),
    );
    expect(sample).toEqual({
      REQUIRED: 'This field is required.',
      NOT_A_NUMBER: 'Enter a number.',
      numberAtLeast: ['Enter 1 or more.', 'Enter 2 or more.'],
      numberAtMost: ['Enter 1 or less.', 'Enter 2 or less.'],
      CHOOSE_FROM_OPTIONS: 'Choose from the options.',
      chooseAtLeast: ['Choose at least 1 option.', 'Choose at least 2 options.'],
      chooseAtMost: ['Choose at most 1 option.', 'Choose at most 2 options.'],
      NOT_VALID: 'Enter a valid value.',
      CHOOSE_AN_OPTION: 'Choose one of the options.',
      NOT_AN_EMAIL: 'Enter a valid email address.',
      NOT_A_WEB_ADDRESS: 'Enter a full web address, like https://example.com.',
      NOT_A_PHONE: 'Enter a valid phone number.',
      textAtLeast: ['Enter at least 1 character.', 'Enter at least 2 characters.'],
      textAtMost: ['Enter at most 1 character.', 'Enter at most 2 characters.'],
      NOT_IN_FORMAT: 'Enter a value in the requested format.',
      DELIVERY_FAILED: "We couldn't send your details. Please try again.",
      DELIVERY_WAITING: 'Your details are saved and will be sent as soon as the connection allows.',
      DELIVERY_NOT_SAVED: 'Your details are not saved yet. Please keep this page open while we try again, or try again now.',
      DELIVERY_REFUSED: "We couldn't accept your details. Please contact us another way.",
      DELIVERY_BROKEN: "This form can't send right now. Please contact us another way.",
      DELIVERY_OFFLINE: "We couldn't send your details. Check your connection and try again.",
      DELIVERY_TIMEOUT: 'The server took too long to answer. Please try again.',
      DELIVERY_BUSY: "We couldn't send your details right now. Please try again in a moment.",
    });
  });

  test('every word is a whole sentence, and every number-taking word says its number', () => {
    for (const [key, word] of Object.entries(words)) {
      const texts = typeof word === 'function' ? [word(0), word(1), word(7), word(1000)] : [word];
      for (const text of texts) expect(text, key).toMatch(SENTENCE);
      if (typeof word === 'function') expect(word(1000), key).toContain('1000');
    }
  });

  test('@cairn/core still exports the delivery words it always did, from the catalogue', () => {
    expect(DELIVERY_WAITING).toBe(words.DELIVERY_WAITING);
    expect(DELIVERY_REFUSED).toBe(words.DELIVERY_REFUSED);
  });

  /**
   * Sentences core may write outside model/words.ts, because no visitor reads them. A whole
   * directory ends in `/`; anything else is one file and the exact sentence.
   */
  const ALLOWED: readonly (readonly [string, string?])[] = [
    // Config errors (parseForm, checkForm) and the JSON Schema's descriptions: for whoever writes
    // the config, in their editor or console — never on the form.
    ['schema/'],
  ];

  test('no visitor-facing sentence is written outside model/words.ts', () => {
    const inAllowedDirectory = (file: string) => ALLOWED.some(([path]) => path.endsWith('/') && file.startsWith(path));
    const found = visitorTextUnder(SRC, (text) => SENTENCE.test(text), (file) => file === 'model/words.ts' || inAllowedDirectory(file));
    const allowed = (l: { file: string; text: string }) => ALLOWED.some(([path, text]) => l.file === path && l.text === text);
    expect(
      found.filter((l) => !allowed(l)).map((l) => `${l.file}:${l.line}: ${l.text}`),
      'a sentence a visitor may read belongs in model/words.ts (import it from there); if no visitor ever reads it, add it to ALLOWED with the reason',
    ).toEqual([]);
    const unused = ALLOWED.filter(([path, text]) => text !== undefined && !found.some((l) => l.file === path && l.text === text));
    expect(unused, 'ALLOWED names a sentence that is no longer there: remove the entry').toEqual([]);
  });
});
