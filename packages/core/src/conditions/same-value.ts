import type { FieldValue } from '../model/values.js';

/** Equal values, comparing checkbox lists item by item (a renderer hands over a new array each time). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}
