/**
 * `@cairn/core/delivery` — durable delivery: the engine, outboxes and their entries, the retry
 * policy, request builders per destination format, the last-chance (keepalive) sender, flush
 * locks, destination checks.
 */
export { postLead } from '../delivery/post-lead.js';
export { createDeliveryEngine, destinationKey, CLAIM_MARGIN_MS, LOCK_BUSY_RETRY_MS } from '../delivery/delivery-engine.js';
export type { DeliveryEngine, DeliveryEngineOptions, DeliverNowResult, FlushReport, LastChanceReport } from '../delivery/delivery-engine.js';
export { createIdbOutbox } from '../delivery/idb-outbox.js';
export type { IdbOutboxOptions } from '../delivery/idb-outbox.js';
export { createMemoryOutbox } from '../delivery/memory-outbox.js';
export { outboxDbName } from '../delivery/outbox-db.js';
export { DEFAULT_MAX_DEAD_LETTERS } from '../delivery/outbox.js';
export type { Outbox, OutboxProblem } from '../delivery/outbox.js';
export { createEntry, applyAttempt, isDelivered, isSettled, isDeadLetter } from '../delivery/outbox-entry.js';
export type { OutboxEntry, DestinationState, DestinationStatus, DeadReason, DeliveryFailure } from '../delivery/outbox-entry.js';
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
} from '../delivery/retry-policy.js';
export type { RetryPolicy } from '../delivery/retry-policy.js';
export { sendRequest, DEFAULT_TIMEOUT_MS } from '../delivery/send-request.js';
export type { SendOptions } from '../delivery/send-request.js';
export type { DeliveryRequest, BuildResult, AttemptResult } from '../delivery/delivery-request.js';
export { buildJsonRequest } from '../delivery/json-request.js';
export type { JsonTarget } from '../delivery/json-request.js';
export { buildHubspotRequest, readHubspotUtk, hubspotValue, HUBSPOT_SUBMIT_URL } from '../delivery/hubspot-request.js';
export type { HubspotTarget, HubspotConsent, HubspotCapture } from '../delivery/hubspot-request.js';
export { buildSalesforceRequest, SALESFORCE_WEB_TO_LEAD_URL } from '../delivery/salesforce-request.js';
export type { SalesforceTarget } from '../delivery/salesforce-request.js';
export { runCustomTransport } from '../delivery/custom-transport.js';
export { buildLastChanceRequest, createLastChanceSender, KEEPALIVE_BUDGET_BYTES, LAST_CHANCE_CONTENT_TYPE } from '../delivery/last-chance.js';
export type { LastChanceSender, LastChanceSenderOptions, LastChanceOutcome } from '../delivery/last-chance.js';
export { payloadValue, mappedValues, META_KEYS } from '../delivery/payload-value.js';
export { crmValues, crmMap, CRM_REQUIRED } from '../delivery/crm-fields.js';
export { mayReceive } from '../delivery/partial-destinations.js';
export { HUBSPOT_STANDARD_FIELDS } from '../delivery/hubspot-request.js';
export { SALESFORCE_STANDARD_FIELDS } from '../delivery/salesforce-request.js';
export { createFlushLock, createWebLocksFlushLock, createLeaseFlushLock, createLocalFlushLock, flushLockName, LEASE_MS } from '../delivery/flush-lock.js';
export type { FlushLock, WebLocks, LeaseFlushLockOptions } from '../delivery/flush-lock.js';
export { DESTINATION_FORMATS } from '../delivery/destination.js';
export { checkDestination, checkDestinations, isEndpoint } from '../delivery/check-destination.js';
export type { DestinationProblem } from '../delivery/check-destination.js';
export { destinationsOf } from '../delivery/destinations-of.js';
export type { SubmitTargets } from '../delivery/destinations-of.js';
export type { Clock, Timers, Random } from '../delivery/timers.js';
export { createOutboxDeliver, deliveryResultOf, DELIVERY_WAITING, DELIVERY_REFUSED } from '../delivery/outbox-deliver.js';
export type { OutboxDeliverOptions } from '../delivery/outbox-deliver.js';
