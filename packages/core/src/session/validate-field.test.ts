import { describe, expect, it } from 'vitest';
import type { FieldConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { validateFieldValue } from './validate-field.js';

const REQUIRED = 'This field is required.';
type Row = [Partial<FieldConfig> & Pick<FieldConfig, 'type'>, FieldValue | undefined, string | undefined];
const check = (field: Row[0], value: FieldValue | undefined) => validateFieldValue({ id: 'x', ...field }, value);

const rows: Record<string, Row[]> = {
  required: [
    [{ type: 'text', required: true }, undefined, REQUIRED],
    [{ type: 'text', required: true }, '', REQUIRED],
    [{ type: 'text', required: true }, '   ', REQUIRED],
    [{ type: 'text', required: true }, 'Ada', undefined],
    [{ type: 'text' }, '', undefined],
    [{ type: 'email' }, undefined, undefined], // optional and empty: no format check
    [{ type: 'number', required: true }, undefined, REQUIRED],
    [{ type: 'number', required: true }, 0, undefined],
    [{ type: 'checkboxes', required: true, options: ['a'] }, [], REQUIRED],
    [{ type: 'select', required: true, options: ['a'] }, '', REQUIRED],
  ],
  'checkbox and consent': [
    [{ type: 'consent', required: true }, false, REQUIRED],
    [{ type: 'consent', required: true }, undefined, REQUIRED],
    [{ type: 'consent', required: true }, true, undefined],
    [{ type: 'checkbox', required: true }, 'true', REQUIRED], // must be the boolean true
    [{ type: 'checkbox' }, false, undefined],
  ],
  email: [
    [{ type: 'email' }, 'ada@example.com', undefined],
    [{ type: 'email' }, ' ada@example.com ', undefined], // checked trimmed
    [{ type: 'email' }, 'ada@example', 'Enter a valid email address.'],
    [{ type: 'email' }, 'ada example.com', 'Enter a valid email address.'],
    [{ type: 'email' }, '@example.com', 'Enter a valid email address.'],
  ],
  url: [
    [{ type: 'url' }, 'https://example.com', undefined],
    [{ type: 'url' }, 'http://www.example.co.uk/about?x=1', undefined],
    [{ type: 'url' }, 'example.com', 'Enter a full web address, like https://example.com.'],
    [{ type: 'url' }, 'ftp://example.com', 'Enter a full web address, like https://example.com.'],
    [{ type: 'url' }, 'javascript:alert(1)', 'Enter a full web address, like https://example.com.'],
  ],
  tel: [
    [{ type: 'tel' }, '+49 (30) 123-45.67', undefined],
    [{ type: 'tel' }, '123456', undefined],
    [{ type: 'tel' }, '12345', 'Enter a valid phone number.'], // fewer than 6 digits
    [{ type: 'tel' }, '+1 555 CALL NOW', 'Enter a valid phone number.'],
  ],
  number: [
    [{ type: 'number', min: 1, max: 10 }, 1, undefined],
    [{ type: 'number', min: 1, max: 10 }, 10, undefined],
    [{ type: 'number', min: 1 }, 0, 'Enter 1 or more.'],
    [{ type: 'number', max: 10 }, 10.5, 'Enter 10 or less.'],
    [{ type: 'number' }, '12', undefined], // a numeric string is a number
    [{ type: 'number' }, 'twelve', 'Enter a number.'],
    [{ type: 'number' }, Infinity, 'Enter a number.'],
    [{ type: 'number' }, true, 'Enter a number.'],
  ],
  length: [
    [{ type: 'text', max: 40 }, 'a'.repeat(40), undefined],
    [{ type: 'text', max: 40 }, 'a'.repeat(41), 'Enter at most 40 characters.'],
    [{ type: 'textarea', min: 2 }, 'a', 'Enter at least 2 characters.'],
    [{ type: 'text', min: 1, max: 1 }, '👋', undefined], // one character to the visitor
    [{ type: 'text', max: 1 }, 'ab', 'Enter at most 1 character.'],
    [{ type: 'text', min: 3 }, ' ab ', 'Enter at least 3 characters.'], // trimmed
  ],
  pattern: [
    [{ type: 'text', pattern: '[A-Z]{2}' }, 'DE', undefined],
    [{ type: 'text', pattern: '[A-Z]{2}' }, 'DEU', 'Enter a value in the requested format.'], // full match
    [{ type: 'text', pattern: '[A-Z]{2}', patternMessage: 'Use a two-letter country code.' }, 'x', 'Use a two-letter country code.'],
    [{ type: 'text', pattern: 'a|b' }, 'ab', 'Enter a value in the requested format.'], // alternation is grouped
    [{ type: 'text', pattern: '([' }, 'anything', undefined], // broken pattern never blocks a visitor
  ],
  choices: [
    [{ type: 'select', options: ['a', { value: 'b', label: 'B' }] }, 'b', undefined],
    [{ type: 'select', options: ['a'] }, 'B', 'Choose one of the options.'],
    [{ type: 'radio', options: ['a'] }, 'a', undefined],
    [{ type: 'checkboxes', options: ['a', 'b', 'c'] }, ['a', 'c'], undefined],
    [{ type: 'checkboxes', options: ['a', 'b'] }, ['a', 'z'], 'Choose from the options.'],
    [{ type: 'checkboxes', options: ['a', 'b', 'c'], min: 2 }, ['a'], 'Choose at least 2 options.'],
    [{ type: 'checkboxes', options: ['a', 'b', 'c'], max: 1 }, ['a', 'b'], 'Choose at most 1 option.'],
    [{ type: 'checkboxes', options: ['a'] }, 'a', 'Choose from the options.'],
  ],
  'type mismatches': [
    [{ type: 'text' }, 42, 'Enter a valid value.'],
    [{ type: 'email' }, ['a@b.co'], 'Enter a valid value.'],
  ],
};

describe('validateFieldValue', () => {
  for (const [group, table] of Object.entries(rows)) {
    it.each(table)(`${group}: %j with %j → %s`, (field, value, expected) => {
      expect(check(field, value)).toBe(expected);
    });
  }

  it('uses the form’s own required message when given', () => {
    expect(validateFieldValue({ id: 'x', type: 'text', required: true }, '', { required: 'Pflichtfeld.' })).toBe('Pflichtfeld.');
  });
});
