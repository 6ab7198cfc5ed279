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

/**
 * What a comparison reads — exactly one per condition:
 * - `field`: an answer of this form, by field id;
 * - `profile`: a remembered value, by profile key;
 * - `signal`: a behaviour roll-up, `<name>.<metric>` (see `signals/read-signal.ts`);
 * - `email`: facts of the visitor's email address (`EMAIL_FACTS`), or an `EMAIL_CLASSES` shorthand;
 * - `score`: the provisional score (`SCORE_FACTS`).
 */
export const FACT_KINDS = ['field', 'profile', 'signal', 'email', 'score'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

/** What `{ "score": … }` reads. `route` and `priority` exist once routing has run. */
export const SCORE_FACTS = ['fit', 'intent', 'grade', 'stage', 'route', 'priority'] as const;
export type ScoreFact = (typeof SCORE_FACTS)[number];

/** The kind of an email address's domain; an absent address has none. */
export const EMAIL_CLASSES = ['business', 'free', 'disposable', 'education', 'competitor', 'invalid'] as const;
export type EmailClass = (typeof EMAIL_CLASSES)[number];

/**
 * What `{ "email": key, <operator>: … }` reads: `class` (one of `EMAIL_CLASSES`), `domain`
 * (after the @, lower-cased) and `companyDomain` (business addresses: `mail.acme.co.uk` → `acme.co.uk`).
 * `{ "email": "free" }` — a class, without an operator — is short for `{ "email": "class", "equals": "free" }`.
 */
export const EMAIL_FACTS = ['class', 'domain', 'companyDomain'] as const;
export type EmailFact = (typeof EMAIL_FACTS)[number];

export const SUBMIT_FORMATS = ['json', 'hubspot', 'salesforce'] as const;

/** `profiling.consent`: 'none' stores freely; 'required' stores nothing until the visitor consents. */
export const CONSENT_MODES = ['none', 'required'] as const;
