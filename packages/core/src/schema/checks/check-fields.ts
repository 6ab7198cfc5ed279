import { CHOICE_TYPES } from '../constants.js';
import type { FormConfig } from '../form-schema.js';
import { normalizeOptions } from '../options.js';
import type { Report } from '../problem.js';
import { checkField } from './check-field.js';

/** Field id → its step index, path, type and option values (a choice field's); the first field, if an id is used twice. */
export type FieldsById = Map<string, { step: number; path: string; type: string; values?: string[] }>;

/** Profile key → the first field with it. */
export type FieldsByProfileKey = Map<string, { path: string; type: string }>;

/**
 * Every step and field: step and field ids used once, one field type per profile
 * key, and each field's own keys. Returns the fields the other checks look up.
 */
export const checkFields = (form: FormConfig, add: Report): { fields: FieldsById; keys: FieldsByProfileKey } => {
  const steps = new Map<string, string>();
  const fields: FieldsById = new Map();
  const keys: FieldsByProfileKey = new Map();
  form.steps.forEach((step, i) => {
    const stepPath = `steps[${i}]`;
    const firstStep = steps.get(step.id);
    if (firstStep) add(`${stepPath}.id`, 'duplicate_step_id', { id: step.id, at: firstStep });
    else steps.set(step.id, stepPath);

    step.fields.forEach((field, j) => {
      const where = `${stepPath}.fields[${j}]`;
      const { type } = field;
      const values = normalizeOptions(field.options).map((o) => o.value);
      const first = fields.get(field.id);
      if (first) add(`${where}.id`, 'duplicate_field_id', { id: field.id, at: first.path });
      else {
        fields.set(field.id, { step: i, path: where, type, values: CHOICE_TYPES.includes(type) ? values : undefined });
        const key = field.profile ?? field.id;
        const firstKey = keys.get(key);
        // one remembered answer, two shapes: a select's value prefilling a number field
        if (firstKey && firstKey.type !== type) {
          add(`${where}.${field.profile === undefined ? 'id' : 'profile'}`, 'invalid', { id: key, type, at: firstKey.path, value: firstKey.type });
        }
        if (!firstKey) keys.set(key, { path: where, type });
      }
      checkField(field, where, values, add);
    });
  });
  return { fields, keys };
};
