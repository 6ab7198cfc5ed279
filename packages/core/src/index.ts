/**
 * @cairn/core — the headless engine. No rendering, no DOM access at import
 * time; runs in browsers and in Node. This file is the package's only export
 * surface.
 */

// --- config schema (schema/) ---
export {
  FIELD_TYPES,
  CHOICE_TYPES,
  COMPARISON_OPERATORS,
  FACT_KINDS,
  SUBMIT_FORMATS,
  FormSchema,
  StepSchema,
  FieldSchema,
  ConditionSchema,
} from './schema/form-schema.js';
export type {
  FormConfig,
  StepConfig,
  FieldConfig,
  FieldType,
  Condition,
  ComparisonOperator,
  FactKind,
  Scalar,
  OptionInput,
  SubmitConfig,
  AfterConfig,
} from './schema/form-schema.js';
export { parseForm, formatConfigErrors } from './schema/parse-form.js';
export type { ParseResult, ConfigError, ConfigErrorCode } from './schema/parse-form.js';
export { checkForm, checkFormShape, checkFormSemantics } from './schema/check-form.js';
export type { CheckResult, ConfigProblem } from './schema/check-form.js';
export { formJsonSchema } from './schema/json-schema.js';
export { normalizeOptions } from './schema/options.js';
export type { Option } from './schema/options.js';

// --- conditions (logic/) ---
export { evaluateCondition, conditionFacts } from './logic/evaluate-condition.js';
export type { FactReader } from './logic/evaluate-condition.js';
export { createVisibility } from './logic/visibility.js';
export type { Visibility } from './logic/visibility.js';

// --- session (session/) ---
export { createForm, postToEndpoint } from './session/create-form.js';
export { createSession } from './session/create-session.js';
export { validateFieldValue } from './session/validate-field.js';
export type {
  FormSession,
  SessionOptions,
  SessionServices,
  SessionStatus,
  SessionEvents,
  SessionEventName,
  FieldErrors,
  StepResult,
  SubmitResult,
  Deliver,
  DeliveryResult,
  DeliveryError,
} from './session/form-session.js';

// --- payload and delivery (payload/, delivery/) ---
export { LEAD_SCHEMA } from './payload/lead-payload.js';
export type { LeadPayload, LeadContext, Utm, FieldValue, Answers } from './payload/lead-payload.js';
export { readPageContext, parseUtm } from './payload/page-context.js';
export { buildPayload, randomId } from './payload/build-payload.js';
export type { PayloadInput } from './payload/build-payload.js';
export { postLead } from './delivery/post-lead.js';

// --- profile (profile/) ---
export { entryTime, mergeProfiles } from './profile/profile.js';
export type { Profile, ProfileEntry, ProfileSource, ProfileStore, StorageProblem } from './profile/profile.js';
export { createMemoryProfileStore } from './profile/memory-store.js';
export { createIdbProfileStore, forgetEverything, profileDbName } from './profile/idb-store.js';
export type { IdbProfileStoreOptions } from './profile/idb-store.js';
export { createConsentGate } from './profile/consent-gate.js';
export type { ConsentGate } from './profile/consent-gate.js';
export { purgeExpired, isStale } from './profile/retention.js';
export { migrateProfile } from './profile/migrate.js';

// --- profiling (profile/plan.ts, session) ---
export { planProfiling } from './profile/plan.js';
export type { PlanOptions, ProfilingPlan } from './profile/plan.js';
export { CONSENT_MODES, ProfilingSchema, FieldSourceSchema } from './schema/form-schema.js';
export type { ProfilingConfig, FieldSource } from './schema/form-schema.js';
