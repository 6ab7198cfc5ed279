import type { FieldConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';

const TRUE = /^(?:true|on|1|yes)$/i;
const FALSE = /^(?:false|off|0|no|)$/i;

/**
 * Brings a value to the shape its field type stores: number → number,
 * checkbox/consent → boolean, checkboxes → string[], others → string
 * (`hidden` keeps any value). Initial values often arrive as strings from
 * the host page or the URL; this is where they get their type.
 * A value that cannot be converted is kept (so validation can say what is
 * wrong) or, where there is nothing sensible to keep, dropped.
 */
export function coerceValue(field: FieldConfig, value: FieldValue | undefined): FieldValue | undefined {
  if (value === undefined) return undefined;
  switch (field.type) {
    case 'hidden':
      return value;
    case 'number': {
      if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
      if (typeof value !== 'string') return undefined;
      const s = value.trim();
      if (s === '') return undefined;
      const n = Number(s);
      return Number.isFinite(n) ? n : value; // keep "12a": validation says "Enter a number."
    }
    case 'checkbox':
    case 'consent':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value === 'string') {
        const s = value.trim();
        return TRUE.test(s) ? true : FALSE.test(s) ? false : undefined;
      }
      return undefined;
    case 'checkboxes':
      return typeof value === 'object' ? value.map(String) : typeof value === 'string' ? (value ? [value] : []) : undefined;
    default:
      return typeof value === 'object' ? undefined : String(value);
  }
}
