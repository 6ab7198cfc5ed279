import { expect, test } from 'vitest';
import { normalizeOptions } from './options.js';

test('turns string options into value/label pairs and keeps object options', () => {
  expect(normalizeOptions(['1-49', { value: '50+', label: '50 or more' }])).toEqual([
    { value: '1-49', label: '1-49' },
    { value: '50+', label: '50 or more' },
  ]);
});

test('no options is an empty list', () => {
  expect(normalizeOptions(undefined)).toEqual([]);
  expect(normalizeOptions([])).toEqual([]);
});

test('returns new objects, so callers cannot change the config', () => {
  const input = [{ value: 'a', label: 'A' }];
  const [first] = normalizeOptions(input);
  expect(first).not.toBe(input[0]);
  first!.label = 'changed';
  expect(input[0]!.label).toBe('A');
});
