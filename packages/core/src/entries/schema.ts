/**
 * `@cairn/core/schema` — the config schema as zod schemas (the single source of truth the
 * JSON Schema and `checkForm`'s descriptors are generated from), its constants, and the
 * two passes `checkForm` runs. Importing it pulls in zod.
 */
export {
  FIELD_TYPES,
  CHOICE_TYPES,
  COMPARISON_OPERATORS,
  FACT_KINDS,
  SUBMIT_FORMATS,
  CONSENT_MODES,
  SCORE_FACTS,
  EMAIL_CLASSES,
  EMAIL_FACTS,
  FormSchema,
  StepSchema,
  FieldSchema,
  ConditionSchema,
  ProfilingSchema,
  FieldSourceSchema,
  PartialSchema,
  EnrichSchema,
  AnalyticsSchema,
  ScoringSchema,
  SignalsSchema,
  RuleSchema,
  RouteSchema,
  AfterSchema,
  BookingSchema,
} from '../schema/form-schema.js';
export type { ScoreFact, EmailClass, EmailFact } from '../schema/form-schema.js';
export { DestinationSchema, DestinationsSchema, RetryConfigSchema, HubspotConsentSchema } from '../delivery/schema/destination-schema.js';
export { checkFormLater } from '../schema/check-form.js';
export { checkShape } from '../schema/check-shape.js';
