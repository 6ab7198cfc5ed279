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
export { evaluateCondition, conditionFacts } from './conditions/evaluate-condition.js';
export type { FactReader } from './conditions/evaluate-condition.js';
export { createVisibility } from './conditions/visibility.js';
export type { Visibility } from './conditions/visibility.js';

// --- session (session/) ---
export { createForm, defaultPage, postToEndpoint } from './session/create-form.js';

// --- the page runtime (runtime/) ---
export { createCairnPage, createPageRuntime } from './runtime/cairn-page.js';
export type { CairnPage, PageRuntime, CairnPageOptions, PageStorage, PageMountOptions, FormLink, FormNews, ConnectOptions } from './runtime/cairn-page.js';
export { createPageState, storageAllowed, CONSENT_KEY, unavailableMessage } from './runtime/page-state.js';
export type { PageState } from './runtime/page-state.js';
export { readStoredProfile } from './runtime/read-profile.js';
export { knownProfile } from './runtime/known-profile.js';
export type { HostProfile } from './runtime/known-profile.js';
export type { EnrichHook } from './runtime/enrich.js';
export type { DeliveryOptions } from './runtime/page-delivery.js';
export type { AnalyticsEventName, AnalyticsWindow } from './runtime/analytics.js';
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

// --- durable delivery (delivery/) ---
export { createDeliveryEngine, destinationKey, CLAIM_MARGIN_MS, LOCK_BUSY_RETRY_MS } from './delivery/delivery-engine.js';
export type { DeliveryEngine, DeliveryEngineOptions, DeliveryEvent, DeliverNowResult, FlushReport, LastChanceReport } from './delivery/delivery-engine.js';
export { createIdbOutbox } from './delivery/idb-outbox.js';
export type { IdbOutboxOptions } from './delivery/idb-outbox.js';
export { createMemoryOutbox } from './delivery/memory-outbox.js';
export { outboxDbName } from './delivery/outbox-db.js';
export { DEFAULT_MAX_DEAD_LETTERS } from './delivery/outbox.js';
export type { Outbox, OutboxProblem } from './delivery/outbox.js';
export { createEntry, applyAttempt, isDelivered, isSettled, isDeadLetter } from './delivery/outbox-entry.js';
export type { OutboxEntry, DestinationState, DestinationStatus, DeadReason, DeliveryFailure } from './delivery/outbox-entry.js';
export {
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  DEFAULT_GIVE_UP_AFTER_MS,
  MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_POLICY,
  retryPolicy,
  backoffDelay,
  retryDelay,
  isRetryableStatus,
  parseRetryAfter,
} from './delivery/retry-policy.js';
export type { RetryPolicy, RetryConfig } from './delivery/retry-policy.js';
export { sendRequest, DEFAULT_TIMEOUT_MS } from './delivery/send-request.js';
export type { SendOptions } from './delivery/send-request.js';
export type { DeliveryRequest, BuildResult, AttemptResult } from './delivery/delivery-request.js';
export { buildJsonRequest } from './delivery/json-request.js';
export type { JsonTarget } from './delivery/json-request.js';
export { buildHubspotRequest, readHubspotUtk, hubspotValue, HUBSPOT_SUBMIT_URL } from './delivery/hubspot-request.js';
export type { HubspotTarget, HubspotConsent, HubspotCapture } from './delivery/hubspot-request.js';
export { buildSalesforceRequest, SALESFORCE_WEB_TO_LEAD_URL } from './delivery/salesforce-request.js';
export type { SalesforceTarget } from './delivery/salesforce-request.js';
export { runCustomTransport } from './delivery/custom-transport.js';
export type { CustomTransport, CustomTransportResult } from './delivery/custom-transport.js';
export { buildLastChanceRequest, createLastChanceSender, KEEPALIVE_BUDGET_BYTES, LAST_CHANCE_CONTENT_TYPE } from './delivery/last-chance.js';
export type { LastChanceSender, LastChanceSenderOptions, LastChanceOutcome } from './delivery/last-chance.js';
export { payloadValue, mappedValues } from './delivery/payload-value.js';
export { createFlushLock, createWebLocksFlushLock, createLeaseFlushLock, createLocalFlushLock, flushLockName, LEASE_MS } from './delivery/flush-lock.js';
export type { FlushLock, WebLocks, LeaseFlushLockOptions } from './delivery/flush-lock.js';
export { DESTINATION_FORMATS } from './delivery/destination.js';
export type { DestinationConfig, DestinationFormat } from './delivery/destination.js';
export { checkDestination, checkDestinations } from './delivery/check-destination.js';
export type { DestinationProblem } from './delivery/check-destination.js';
export { destinationsOf } from './delivery/destinations-of.js';
export type { SubmitTargets } from './delivery/destinations-of.js';
export { DestinationSchema, DestinationsSchema, RetryConfigSchema, HubspotConsentSchema } from './delivery/schema/destination-schema.js';
export type { Clock, Timers, Random } from './delivery/timers.js';
export { isEndpoint } from './delivery/check-destination.js';
export { createOutboxDeliver, deliveryResultOf, DELIVERY_WAITING, DELIVERY_REFUSED } from './delivery/outbox-deliver.js';
export type { OutboxDeliverOptions } from './delivery/outbox-deliver.js';
export type { CreateFormOptions } from './session/create-form.js';
export { PartialSchema, EnrichSchema, AnalyticsSchema } from './schema/form-schema.js';
export type { PartialConfig, EnrichConfig, AnalyticsConfig } from './schema/form-schema.js';

// --- scoring, signals, after rules (scoring/, signals/) ---
export { SCORE_FACTS, EMAIL_CLASSES, EMAIL_FACTS, ScoringSchema, SignalsSchema, RuleSchema, RouteSchema, AfterSchema, BookingSchema } from './schema/form-schema.js';
export type { ScoreFact, EmailClass, EmailFact, ScoringConfig, SignalsConfig, RuleConfig, RouteConfig, GradesConfig, BookingConfig } from './schema/form-schema.js';
export { checkFormLater } from './schema/check-form.js';
export { checkShape } from './schema/check-shape.js';
export { computeScore, withScore } from './scoring/score.js';
export type { LeadScore, ScoreReason, ScoreFacts } from './scoring/score.js';
export type { FactRead } from './scoring/explain-condition.js';
export { scoreLead } from './scoring/score-lead.js';
export type { ScorableLead } from './scoring/score-lead.js';
export { leadFacts, emailFact } from './scoring/lead-facts.js';
export type { LeadFactsInput } from './scoring/lead-facts.js';
export { chooseAfter } from './after/choose-after.js';
export { afterFor } from './after/after-for.js';
export type { AfterChoice } from './after/choose-after.js';
export { classifyEmail, registrableDomain } from './scoring/email-domain.js';
export type { EmailFacts } from './scoring/email-domain.js';
export { SCORING_DEFAULTS } from './scoring/defaults.js';
export { emptySignals, VISIT_IDLE_MS } from './behaviour/signals.js';
export type { Signals, Tally, FormTally } from './behaviour/signals.js';
export { recordPageView, recordEvent, recordFormStart, recordFormAbandon, recordFormSubmit } from './behaviour/record.js';
export type { PageGroups } from './behaviour/record.js';
export { readSignal, signalTime } from './behaviour/read-signal.js';
export { toSignals } from './behaviour/to-signals.js';
export { signalName, parseSignalKey } from './behaviour/signal-key.js';
export { scoreLive, withLeadScore } from './scoring/live-score.js';
export type { LiveScoreOptions } from './scoring/live-score.js';
export { emptyVisitorRecord, recordVisit, addPageGroups, toVisitorRecord, touchOf, visitorContext, MAX_TOUCHPOINTS } from './behaviour/visitor-record.js';
export type { VisitorRecord, Touch, PageView } from './behaviour/visitor-record.js';
