/**
 * @cairn/core — the headless engine. No rendering, no DOM access at import
 * time; runs in browsers and in Node.
 *
 * This is the user API: what a page, a receiver or a build script calls, and the
 * types it writes. The engine's pieces are subpath entries (`@cairn/core/schema`,
 * `/conditions`, `/payload`, `/delivery`, `/scoring`, `/behaviour`, `/profile`), and
 * what only Cairn's own shells use is `@cairn/core/internal` (no stability promise).
 */

// --- forms on a page ---
export { createForm, defaultPage, postToEndpoint } from './session/create-form.js';
export type { CreateFormOptions } from './session/create-form.js';
export { createCairnPage } from './runtime/create-cairn-page.js';
export type { CairnPage, CairnPageOptions, PageStorage, PageMountOptions, FormNewsEvents } from './runtime/cairn-page.js';
export type { HostProfile } from './runtime/known-profile.js';
export type { EnrichHook } from './runtime/enrich.js';
export type { DeliveryOptions } from './runtime/page-delivery.js';
export type { AnalyticsEventName, AnalyticsWindow } from './runtime/analytics.js';
export type {
  FormSession,
  SessionOptions,
  SessionStatus,
  SessionEvents,
  SessionEventName,
  FieldErrors,
  StepResult,
  SubmitResult,
  BeforeSubmitAnswer,
  Deliver,
  DeliveryResult,
  DeliveryError,
} from './session/form-session.js';

// --- the config: its types, checking it, its JSON Schema ---
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
  ProfilingConfig,
  FieldSource,
  PartialConfig,
  EnrichConfig,
  AnalyticsConfig,
  ScoringConfig,
  SignalsConfig,
  RuleConfig,
  RouteConfig,
  GradesConfig,
  BookingConfig,
} from './schema/form-schema.js';
export { parseForm, formatConfigErrors } from './schema/parse-form.js';
export type { ParseResult, ConfigError, ConfigErrorCode } from './schema/parse-form.js';
export { checkForm } from './schema/check-form.js';
export type { CheckResult, ConfigProblem } from './schema/check-form.js';
export { formJsonSchema } from './schema/json-schema.js';
export type { DestinationConfig, DestinationFormat } from './delivery/destination.js';
export type { RetryConfig } from './delivery/retry-policy.js';
export type { CustomTransport, CustomTransportResult } from './delivery/custom-transport.js';
export type { DeliveryEvent } from './delivery/delivery-engine.js';

// --- the lead: its payload and its score ---
export { LEAD_SCHEMA } from './payload/lead-payload.js';
export type { LeadPayload, LeadContext, Utm, FieldValue, Answers } from './payload/lead-payload.js';
export { scoreLead } from './scoring/score-lead.js';
export type { ScorableLead } from './scoring/score-lead.js';
export type { LeadScore, ScoreReason, ScoreFacts } from './scoring/score.js';
export type { Profile, ProfileEntry, ProfileSource } from './profile/profile.js';
