import type { RetryConfig } from './retry-policy.js';

/** HubSpot's GDPR consent options for a `hubspot` destination (legalConsentOptions). */
export interface HubspotConsent {
  /** Cairn key of the consent-to-process field; without it, submitting the form is the consent (say so in `text`). */
  field?: string;
  /** The consent-to-process text the visitor saw. */
  text?: string;
  /** Subscriptions the visitor opted into, each with the Cairn key of its checkbox. */
  communications?: { field: string; subscriptionTypeId: number; text: string }[];
  /** Instead of consent: process under legitimate interest. */
  legitimateInterest?: { subscriptionTypeId: number; legalBasis: 'LEAD' | 'CUSTOMER'; text: string };
}

/**
 * One item of `submit.destinations[]`: where a lead goes and how. One flat
 * shape for every format (the keys a format does not use must be absent);
 * `checkDestination` reports a missing or misplaced key by format. The zod
 * schema (schema/destination-schema.ts) is checked against this type.
 */
export interface DestinationConfig {
  /** Unique within the form; names the destination in events and in the outbox. */
  id: string;
  format: DestinationFormat;
  /** json: required. salesforce: optional (default: Salesforce's Web-to-Lead URL). */
  endpoint?: string;
  /** json: extra request headers. */
  headers?: Record<string, string>;
  /** hubspot: required. */
  portalId?: string | number;
  /** hubspot: required. */
  formGuid?: string;
  /** hubspot, salesforce: Cairn key (or `$id`, `$utm.source`…) → CRM field name. */
  fields?: Record<string, string>;
  /** hubspot: `legalConsentOptions`. */
  consent?: HubspotConsent;
  /** salesforce: the org id, required. */
  oid?: string;
  /** salesforce: `lead_source`, a literal or a `$` key (none by default: it is a picklist). */
  leadSource?: string;
  /** hubspot, salesforce: send partial leads here too (they must map `$partial`); default: only submissions. */
  partial?: boolean;
  /** salesforce: optional `retURL`. */
  retURL?: string;
  /** custom: the name of the function given at mount time, required. */
  name?: string;
  retry?: RetryConfig;
  /** Per attempt: no answer within this many milliseconds is a retryable timeout (default 10 000). */
  timeoutMs?: number;
}

export const DESTINATION_FORMATS = ['json', 'hubspot', 'salesforce', 'custom'] as const;
export type DestinationFormat = (typeof DESTINATION_FORMATS)[number];
