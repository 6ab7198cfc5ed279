import { describe, expect, it } from 'vitest';
import type { FieldConfig, FieldType } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { coerceValue } from './coerce-value.js';

const rows: [FieldType, FieldValue | undefined, FieldValue | undefined][] = [
  ['number', '12', 12],
  ['number', ' 1.5 ', 1.5],
  ['number', '', undefined],
  ['number', '12a', '12a'], // kept so validation can say "Enter a number."
  ['number', NaN, undefined],
  ['number', true, undefined],
  ['checkbox', 'on', true],
  ['consent', 'TRUE', true],
  ['checkbox', '0', false],
  ['checkbox', '', false],
  ['checkbox', 'maybe', undefined],
  ['checkbox', 1, true],
  ['checkboxes', 'api', ['api']],
  ['checkboxes', '', []],
  ['checkboxes', ['a', 'b'], ['a', 'b']],
  ['checkboxes', 3, undefined],
  ['text', 42, '42'],
  ['select', true, 'true'],
  ['email', ['a'], undefined],
  ['hidden', 7, 7],
  ['hidden', ['x'], ['x']],
  ['text', undefined, undefined],
];

describe('coerceValue', () => {
  it.each(rows)('%s: %j → %j', (type, value, expected) => {
    const field: FieldConfig = { id: 'x', type };
    expect(coerceValue(field, value)).toEqual(expected);
  });

  it('copies lists instead of sharing the caller’s array', () => {
    const given = ['a'];
    expect(coerceValue({ id: 'x', type: 'checkboxes' }, given)).not.toBe(given);
  });
});
