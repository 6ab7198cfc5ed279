import { CHOICE_TYPES } from '../constants.js';
import type { FieldConfig } from '../form-schema.js';
import type { Report } from '../problem.js';

/** One field's own keys, at `where`: its label, its options (`values`: their values), default, min and max, pattern. */
export const checkField = (field: FieldConfig, where: string, values: readonly string[], add: Report): void => {
  const at = (key: string) => `${where}.${key}`;
  const { type, options, min, max, pattern } = field;
  const preset = field.default;
  const choice = CHOICE_TYPES.includes(type);
  if (type !== 'hidden' && !field.label?.trim()) add(field.label === undefined ? where : at('label'), 'missing_label', { type });

  if (choice && !values.length) add(at('options'), 'missing_options', { type });
  if (!choice && options) add(at('options'), 'unexpected_options', { type });
  const firstAt = new Map<string, number>();
  values.forEach((v, k) => {
    const first = firstAt.get(v);
    if (first === undefined) firstAt.set(v, k);
    else add(at(`options[${k}]`), 'duplicate_option', { value: v, at: first });
    // answers are stored trimmed: such an option could never be submitted
    if (v != v.trim()) add(at(typeof options![k] == 'object' ? `options[${k}].value` : `options[${k}]`), 'untrimmed_option', { value: v });
  });

  if (choice && preset !== undefined && values.length) {
    if (Array.isArray(preset) !== (type === 'checkboxes')) {
      // the wrong shape: { type } alone
      add(at('default'), 'invalid_default', { type });
    } else {
      ([] as unknown[]).concat(preset).forEach((v, k) => {
        if (!values.includes(v as string)) add(at(Array.isArray(preset) ? `default[${k}]` : 'default'), 'invalid_default', { value: v, values });
      });
    }
  }
  // ticked in advance: { type: 'consent', value: true }
  if (type === 'consent' && preset === true) add(at('default'), 'invalid_default', { type, value: preset });

  if (min! > max!) add(at('min'), 'invalid_range', { min: min!, max: max! });
  if (pattern !== undefined) {
    try {
      new RegExp(pattern);
    } catch (e) {
      add(at('pattern'), 'invalid_pattern', { value: pattern, reason: String((e as Error).message) });
    }
  }
};
