import * as z from 'zod/mini';
import { DESTINATION_FORMATS, type DestinationConfig } from '../destination.js';

/**
 * The zod schema of `submit.destinations[]` items. It lives in this folder,
 * apart from the rest of delivery/, because delivery/ is on the script tag's
 * happy path and must not load zod (see zod-free.test.ts). One strict object
 * with optional keys and a `format` enum, not a discriminated union: the
 * JSON-Schema walker and the error messages work best with strict objects;
 * which keys a format needs is `checkDestination`'s job.
 */

const nonEmpty = z.string().check(z.minLength(1));
const fieldMap = z.record(z.string(), z.string());

export const RetryConfigSchema = z.strictObject({
  /** First retry waits up to this long (default 1000 ms), doubling per attempt… */
  baseMs: z.optional(z.number()),
  /** …up to this (default 300000 ms, 5 minutes). */
  maxMs: z.optional(z.number()),
  /** A lead still failing this long after submit is given up (default 168 hours, 7 days). */
  giveUpAfterHours: z.optional(z.number()),
});

export const HubspotConsentSchema = z.strictObject({
  /** Field whose value is the consent to process; absent: submitting is the consent. */
  field: z.optional(z.string()),
  /** The consent text the visitor saw. */
  text: z.optional(z.string()),
  communications: z.optional(
    z.array(z.strictObject({ field: z.string(), subscriptionTypeId: z.number(), text: z.string() })),
  ),
  legitimateInterest: z.optional(
    z.strictObject({ subscriptionTypeId: z.number(), legalBasis: z.enum(['LEAD', 'CUSTOMER']), text: z.string() }),
  ),
});

export const DestinationSchema = z.strictObject({
  id: nonEmpty,
  format: z.enum(DESTINATION_FORMATS),
  /** json: where to POST (absolute URL or a path). salesforce: overrides the Web-to-Lead URL. */
  endpoint: z.optional(nonEmpty),
  /** json: extra request headers. */
  headers: z.optional(z.record(z.string(), z.string())),
  /** hubspot: the HubSpot account id. */
  portalId: z.optional(z.union([nonEmpty, z.number()])),
  /** hubspot: the form's GUID. */
  formGuid: z.optional(nonEmpty),
  /** hubspot, salesforce: field id (or $id, $utm.source…) → CRM field name. */
  fields: z.optional(fieldMap),
  /** hubspot: legal consent options. */
  consent: z.optional(HubspotConsentSchema),
  /** salesforce: the org id. */
  oid: z.optional(nonEmpty),
  /** salesforce: lead_source, a literal or a $ key (none by default: it is a picklist). */
  leadSource: z.optional(z.string()),
  /** hubspot, salesforce: send partial leads here too (map "$partial" to mark them); default: only submissions. */
  partial: z.optional(z.boolean()),
  /** salesforce: retURL. */
  retURL: z.optional(z.string()),
  /** custom: the name of the function given at mount time. */
  name: z.optional(nonEmpty),
  retry: z.optional(RetryConfigSchema),
  /** Per attempt: no answer within this many milliseconds is a retryable timeout (default 10000). */
  timeoutMs: z.optional(z.number()),
});

export const DestinationsSchema = z.array(DestinationSchema);

// The schema and the hand-written type must agree (both directions), or this fails to compile.
type Parsed = z.infer<typeof DestinationSchema>;
type Agree = [Parsed] extends [DestinationConfig] ? ([DestinationConfig] extends [Parsed] ? true : false) : false;
export type DestinationSchemaAgrees = Agree extends true ? true : never;
const agrees: DestinationSchemaAgrees = true;
