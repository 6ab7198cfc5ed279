// Issue 14: partial leads reached CRMs as real submissions (HubSpot with consentToProcess false,
// Salesforce with an email and no last_name or company), and without a field map every answer
// (consent, newsletter…) went to HubSpot as a contact property, whose 400 for an unknown one
// dead-lettered the lead. Only mapped values go now, and a CRM gets a partial lead only when it
// asked for them, can tell them apart ($partial) and has what it requires.
import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import { crmValues } from './crm-fields.js';
import { mayReceive } from './partial-destinations.js';
import type { DestinationConfig } from './destination.js';
import { buildHubspotRequest, HUBSPOT_STANDARD_FIELDS } from './hubspot-request.js';
import { buildSalesforceRequest, SALESFORCE_STANDARD_FIELDS } from './salesforce-request.js';

const lead = (answers: LeadPayload['answers'], partial = false): LeadPayload => ({
  schema: 'cairn.lead/1',
  id: 'lead-1',
  form: { id: 'demo', version: 1 },
  submittedAt: '2026-01-01T00:00:00Z',
  answers,
  profile: { company: { value: 'Initech', learnedAt: '2025-12-01T00:00:00Z', source: { form: 'other', page: '/' } } },
  context: { page: 'https://acme.test/', referrer: '', utm: { source: 'linkedin' }, locale: 'en', timezone: 'UTC' },
  ...(partial ? { partial: true as const } : {}),
});

const full = lead({ email: 'ada@initech.test', firstname: 'Ada', last_name: 'Lovelace', consent: true, newsletter: true, internal_note: 'x' });

describe('crmValues: only mapped values', () => {
  it('without a map: the answers (and remembered values) whose id is a standard name; never consent, newsletter or other ids', () => {
    expect(crmValues(full, undefined, HUBSPOT_STANDARD_FIELDS)).toEqual([['email', 'ada@initech.test'], ['firstname', 'Ada'], ['company', 'Initech']]);
    expect(crmValues(full, undefined, SALESFORCE_STANDARD_FIELDS)).toEqual([['last_name', 'Lovelace'], ['email', 'ada@initech.test'], ['company', 'Initech']]);
    const body = JSON.parse((buildHubspotRequest(full, { portalId: 1, formGuid: 'g' }) as { request: { body: string } }).request.body);
    expect(body.fields.map((f: { name: string }) => f.name)).toEqual(['email', 'firstname', 'company']);
  });

  it('with a map: exactly the map, $partial among the keys', () => {
    expect(crmValues(full, { email: 'email', $partial: 'cairn_partial', nope: 'x' }, HUBSPOT_STANDARD_FIELDS)).toEqual([['email', 'ada@initech.test'], ['cairn_partial', false]]);
    expect(crmValues(lead({ email: 'a@b.test' }, true), { $partial: 'cairn_partial' }, HUBSPOT_STANDARD_FIELDS)).toEqual([['cairn_partial', true]]);
    const sf = buildSalesforceRequest(lead({ email: 'a@b.test' }, true), { oid: 'o', fields: { email: 'email', $partial: '00N1' } });
    expect(sf.ok && [...new URLSearchParams(sf.request.body)]).toEqual([['oid', 'o'], ['email', 'a@b.test'], ['00N1', '1']]);
  });
});

describe('mayReceive: where a partial lead may go', () => {
  const hubspot: DestinationConfig = { id: 'hs', format: 'hubspot', portalId: 1, formGuid: 'g', fields: { email: 'email', $partial: 'cairn_partial' } };
  const salesforce: DestinationConfig = { id: 'sf', format: 'salesforce', oid: 'o', fields: { email: 'email', last_name: 'last_name', company: 'company', $partial: '00N1' } };
  const partial = lead({ email: 'ada@initech.test', consent: false }, true);

  it('a submission goes everywhere; a partial lead to json and custom always', () => {
    for (const dest of [hubspot, salesforce, { id: 'j', format: 'json', endpoint: '/l' }, { id: 'c', format: 'custom', name: 'crm' }] as DestinationConfig[]) expect(mayReceive(full, dest)).toBe(true);
    expect(mayReceive(partial, { id: 'j', format: 'json', endpoint: '/l' })).toBe(true);
    expect(mayReceive(partial, { id: 'c', format: 'custom', name: 'crm' })).toBe(true);
  });

  it('to a CRM only when it asks for them (partial: true)', () => {
    expect(mayReceive(partial, hubspot)).toBe(false);
    expect(mayReceive(partial, { ...hubspot, partial: true })).toBe(true);
  });

  it('never to HubSpot when the consent box it names is not ticked', () => {
    const withConsent = { ...hubspot, partial: true, consent: { field: 'consent', text: 'I agree' } };
    expect(mayReceive(partial, withConsent)).toBe(false);
    expect(mayReceive(lead({ email: 'ada@initech.test', consent: true }, true), withConsent)).toBe(true);
  });

  it('never to Salesforce without last_name and company (Web-to-Lead drops it)', () => {
    const wants = { ...salesforce, partial: true };
    expect(mayReceive(lead({ email: 'ada@initech.test' }, true), wants)).toBe(false); // company remembered, no last_name
    expect(mayReceive(lead({ email: 'ada@initech.test', last_name: 'Lovelace' }, true), wants)).toBe(true);
  });
});
