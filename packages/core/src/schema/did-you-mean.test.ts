import { describe, expect, test } from 'vitest';
import { didYouMean, didYouMeanHint, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['label', 'label', 0],
    ['labl', 'label', 1],
    ['emial', 'email', 1], // adjacent transposition counts once
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('didYouMean', () => {
  const keys = ['id', 'type', 'label', 'placeholder', 'required', 'options'];

  test('finds the closest candidate for a typo', () => {
    expect(didYouMean('labl', keys)).toBe('label');
    expect(didYouMean('placholder', keys)).toBe('placeholder');
    expect(didYouMean('requird', keys)).toBe('required');
    expect(didYouMean('emial', ['text', 'email', 'tel'])).toBe('email');
  });

  test('ignores case', () => {
    expect(didYouMean('Label', keys)).toBe('label');
    expect(didYouMean('TYPE', keys)).toBe('type');
  });

  test('suggests nothing when nothing is close', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('x', keys)).toBeUndefined();
    expect(didYouMean('label', [])).toBeUndefined();
  });

  test('prefers the closer of two candidates', () => {
    expect(didYouMean('optons', ['option', 'options'])).toBe('options');
  });

  test('accepts any iterable and words the hint', () => {
    expect(didYouMeanHint('compnay', new Set(['company', 'country']))).toBe("did you mean 'company'?");
    expect(didYouMeanHint('zzz', new Set(['company']))).toBeUndefined();
  });
});
