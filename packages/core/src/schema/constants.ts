/**
 * The config's word lists, kept apart from `form-schema.ts` so the browser's
 * happy path (`checkForm`, the session) can use them without importing zod.
 * `form-schema.ts` re-exports them; they are the single source for both.
 */

export const FIELD_TYPES = [
  'text',
  'email',
  'tel',
  'url',
  'number',
  'textarea',
  'select',
  'radio',
  'checkbox',
  'checkboxes',
  'hidden',
  'consent',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Field types whose value is one of `options`. */
export const CHOICE_TYPES: readonly FieldType[] = ['select', 'radio', 'checkboxes'];

export const COMPARISON_OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'exists',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** What a comparison reads. Only `field` exists today; `signal`, `score`, `profile` come with later issues. */
export const FACT_KINDS = ['field'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export const SUBMIT_FORMATS = ['json', 'hubspot', 'salesforce'] as const;

/** `profiling.consent`: 'none' stores freely; 'required' stores nothing until the visitor consents. */
export const CONSENT_MODES = ['none', 'required'] as const;
