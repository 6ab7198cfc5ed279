import type { LeadPayload } from '../payload/lead-payload.js';
import type { FieldValue } from '../model/values.js';
import type { BuildResult } from './delivery-request.js';
import type { HubspotConsent } from './destination.js';

export type { HubspotConsent } from './destination.js';
import { payloadValue } from './payload-value.js';
import { crmValues } from './crm-fields.js';
import { leadJson } from './lead-json.js';

/**
 * HubSpot Forms Submission API v3, unauthenticated endpoint: the one that
 * accepts cross-origin (CORS) requests from a browser. The authenticated
 * `/secure/submit` endpoint does not, and would need a token on the page.
 */
export const HUBSPOT_SUBMIT_URL = 'https://api.hsforms.com/submissions/v3/integration/submit/';

/** HubSpot's default contact properties, by internal name: sent under their own name without `fields`. */
export const HUBSPOT_STANDARD_FIELDS: readonly string[] = [
  'email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'jobtitle', 'website', 'address', 'city', 'state', 'zip', 'country',
  'industry', 'numemployees', 'annualrevenue', 'message', 'salutation', 'fax',
];

/** `objectTypeId` of the contact object: mapped fields are contact properties. */
const CONTACT = '0-1';

export interface HubspotTarget {
  portalId: string | number;
  formGuid: string;
  /** Cairn key (or `$id`, `$partial`…) → HubSpot contact property internal name. Without it: answers whose id is a standard property's name (`crm-fields.ts`). */
  fields?: Readonly<Record<string, string>>;
  consent?: HubspotConsent;
}

/** Facts from the visitor's browser, captured at submit time and stored with the lead. */
export interface HubspotCapture {
  /** The `hubspotutk` cookie: ties the submission to the visitor's HubSpot tracking history. */
  hutk?: string;
  /** The page title. */
  pageName?: string;
}

/** HubSpot's form value for a Cairn value: multi-checkbox values joined with ';', booleans as "true"/"false". */
export function hubspotValue(value: FieldValue): string {
  return Array.isArray(value) ? value.join(';') : String(value);
}

/** The `hubspotutk` value from a `document.cookie` string, or undefined. */
export function readHubspotUtk(cookie: string | undefined): string | undefined {
  const m = /(?:^|;\s*)hubspotutk=([^;]*)/.exec(cookie ?? '');
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

const checked = (v: FieldValue | undefined) => v === true || v === 'true';

/**
 * The request for the v3 submit endpoint: JSON `{ submittedAt, fields[],
 * context { pageUri, pageName?, hutk? }, legalConsentOptions? }`. `submittedAt`
 * is the lead's own time (milliseconds), so a retried lead keeps the time the
 * visitor submitted. No `Idempotency-Key` header: it is not a CORS-safelisted
 * header and HubSpot's preflight does not allow it; map `$id` to a hidden
 * contact property to carry the lead id.
 */
export function buildHubspotRequest(payload: LeadPayload, target: HubspotTarget, capture: HubspotCapture = {}): BuildResult {
  const portal = String(target.portalId ?? '').trim();
  const form = String(target.formGuid ?? '').trim();
  if (!portal || !form) return { ok: false, message: 'hubspot destination needs portalId and formGuid' };

  const body: Record<string, unknown> = {};
  const submittedAt = Date.parse(payload.submittedAt);
  if (!Number.isNaN(submittedAt)) body.submittedAt = String(submittedAt);
  body.fields = crmValues(payload, target.fields, HUBSPOT_STANDARD_FIELDS).map(([name, value]) => ({ objectTypeId: CONTACT, name, value: hubspotValue(value) }));
  const context: Record<string, string> = { pageUri: payload.context.page };
  if (capture.pageName) context.pageName = capture.pageName;
  if (capture.hutk) context.hutk = capture.hutk;
  body.context = context;
  const legal = legalConsentOptions(payload, target.consent);
  if (legal) body.legalConsentOptions = legal;

  return {
    ok: true,
    request: {
      url: HUBSPOT_SUBMIT_URL + encodeURIComponent(portal) + '/' + encodeURIComponent(form),
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: leadJson(body),
      credentials: 'omit',
    },
  };
}

/** HubSpot's `legalConsentOptions`: either `consent` (with communications) or `legitimateInterest`. */
function legalConsentOptions(payload: LeadPayload, c: HubspotConsent | undefined): object | undefined {
  if (!c) return undefined;
  if (c.legitimateInterest) {
    const { subscriptionTypeId, legalBasis, text } = c.legitimateInterest;
    return { legitimateInterest: { value: true, subscriptionTypeId, legalBasis, text } };
  }
  return {
    consent: {
      consentToProcess: c.field ? checked(payloadValue(payload, c.field)) : true,
      text: c.text ?? '',
      communications: (c.communications ?? []).map((k) => ({
        value: checked(payloadValue(payload, k.field)),
        subscriptionTypeId: k.subscriptionTypeId,
        text: k.text,
      })),
    },
  };
}
