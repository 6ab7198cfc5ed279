import type { OptionInput } from './form-schema.js';

/** A choice of a select, radio or checkboxes field. */
export interface Option {
  /** What is submitted and compared in conditions. */
  value: string;
  /** What the visitor sees. */
  label: string;
}

/** `["A", { value: "b", label: "B" }]` → `[{ value: "A", label: "A" }, { value: "b", label: "B" }]` (new objects). */
export const normalizeOptions = (options: readonly OptionInput[] = []): Option[] =>
  options.map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label }));
