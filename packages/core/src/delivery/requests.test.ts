import { describe, expect, it } from 'vitest';
import type { LeadPayload } from '../payload/lead-payload.js';
import { buildHubspotRequest, HUBSPOT_SUBMIT_URL, hubspotValue, readHubspotUtk } from './hubspot-request.js';
import { buildJsonRequest } from './json-request.js';
import { mappedValues, payloadValue } from './payload-value.js';
import { buildSalesforceRequest, SALESFORCE_WEB_TO_LEAD_URL } from './salesforce-request.js';

const payload: LeadPayload = {
  schema: 'cairn.lead/1',
  id: '6f1c2a52-0d7e-4b8e-9a43-3c1f0e2b9d11',
  form: { id: 'demo', version: 3 },
  submittedAt: '2025-01-02T03:04:05.678Z',
  answers: { email: 'ada@example.com', topics: ['pricing', 'security'], newsletter: true, gdpr: true, seats: 25, last: 'Lovelace' },
  profile: {
    company: { value: 'Analytical Engines', learnedAt: '2024-12-01T00:00:00Z', source: { form: 'other', page: 'https://acme.test/' } },
    email: { value: 'old@example.com', learnedAt: '2024-12-01T00:00:00Z', source: { form: 'other', page: 'https://acme.test/' } },
  },
  context: { page: 'https://acme.test/pricing', referrer: '', utm: { source: 'newsletter', campaign: 'q1' }, locale: 'en-GB', timezone: 'Europe/London' },
};

describe('payloadValue / mappedValues', () => {
  it('reads the answer first, then the remembered profile value, then lead facts by $ key', () => {
    expect(payloadValue(payload, 'email')).toBe('ada@example.com');
    expect(payloadValue(payload, 'company')).toBe('Analytical Engines');
    expect(payloadValue(payload, 'missing')).toBeUndefined();
    expect(payloadValue(payload, '$id')).toBe(payload.id);
    expect(payloadValue(payload, '$utm.source')).toBe('newsletter');
    expect(payloadValue(payload, '$utm.medium')).toBeUndefined();
    expect(payloadValue(payload, '$referrer')).toBeUndefined();
    expect(payloadValue(payload, '$formVersion')).toBe(3);
    expect(payloadValue(payload, '$nope')).toBeUndefined();
    expect(payloadValue(payload, 'toString')).toBeUndefined();
  });
  it('without a map passes every answer under its own name', () => {
    expect(mappedValues(payload).map(([n]) => n)).toEqual(['email', 'topics', 'newsletter', 'gdpr', 'seats', 'last']);
  });
});

describe('json request', () => {
  it('POSTs the payload as JSON with the idempotency key and extra headers', () => {
    const built = buildJsonRequest(payload, { endpoint: '/hooks/lead', headers: { 'X-Api-Key': 'k', 'content-type': 'text/html' } }, 'https://site.test/a/');
    expect(built).toEqual({
      ok: true,
      request: {
        url: 'https://site.test/hooks/lead',
        method: 'POST',
        headers: { 'X-Api-Key': 'k', 'Content-Type': 'application/json', 'Idempotency-Key': payload.id },
        body: JSON.stringify(payload),
      },
    });
  });
  it('refuses endpoints and headers fetch would choke on', () => {
    expect(buildJsonRequest(payload, { endpoint: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect(buildJsonRequest(payload, { endpoint: 'http://[bad' })).toMatchObject({ ok: false });
    expect(buildJsonRequest(payload, { endpoint: 'https://x.test/', headers: { 'Bad Name': 'v' } })).toMatchObject({ ok: false, message: expect.stringContaining('Bad Name') });
    expect(buildJsonRequest(payload, { endpoint: 'https://x.test/', headers: { X: 'a\r\nInjected: 1' } })).toMatchObject({ ok: false });
  });
});

describe('hubspot request (Forms API v3, unauthenticated submit)', () => {
  it('maps answers and profile values to contact fields, with context and consent, in the documented shape', () => {
    const built = buildHubspotRequest(
      payload,
      {
        portalId: 123456,
        formGuid: 'a1b2c3d4-0000-4000-8000-000000000000',
        fields: { email: 'email', company: 'company', topics: 'interests', seats: 'numemployees', last: 'lastname', $id: 'cairn_lead_id', absent: 'x' },
        consent: { field: 'gdpr', text: 'I agree to let Acme store my data.', communications: [{ field: 'newsletter', subscriptionTypeId: 999, text: 'Send me news.' }, { field: 'absent', subscriptionTypeId: 1000, text: 'Offers.' }] },
      },
      { hutk: 'abc123', pageName: 'Pricing' },
    );
    if (!built.ok) throw Error(built.message);
    const { request } = built;
    expect(request.url).toBe(`${HUBSPOT_SUBMIT_URL}123456/a1b2c3d4-0000-4000-8000-000000000000`);
    expect(request.url).toBe('https://api.hsforms.com/submissions/v3/integration/submit/123456/a1b2c3d4-0000-4000-8000-000000000000');
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({ 'Content-Type': 'application/json' }); // no Idempotency-Key: HubSpot's CORS preflight would refuse it
    expect(request.credentials).toBe('omit');
    expect(request.mode).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({
      submittedAt: String(Date.parse('2025-01-02T03:04:05.678Z')),
      fields: [
        { objectTypeId: '0-1', name: 'email', value: 'ada@example.com' },
        { objectTypeId: '0-1', name: 'company', value: 'Analytical Engines' },
        { objectTypeId: '0-1', name: 'interests', value: 'pricing;security' },
        { objectTypeId: '0-1', name: 'numemployees', value: '25' },
        { objectTypeId: '0-1', name: 'lastname', value: 'Lovelace' },
        { objectTypeId: '0-1', name: 'cairn_lead_id', value: payload.id },
      ],
      context: { pageUri: 'https://acme.test/pricing', pageName: 'Pricing', hutk: 'abc123' },
      legalConsentOptions: {
        consent: {
          consentToProcess: true,
          text: 'I agree to let Acme store my data.',
          communications: [
            { value: true, subscriptionTypeId: 999, text: 'Send me news.' },
            { value: false, subscriptionTypeId: 1000, text: 'Offers.' },
          ],
        },
      },
    });
  });

  it('without hutk, page name or consent config sends only pageUri and no legalConsentOptions', () => {
    const built = buildHubspotRequest(payload, { portalId: '42', formGuid: 'g', fields: { email: 'email' } });
    if (!built.ok) throw Error(built.message);
    const body = JSON.parse(built.request.body);
    expect(body.context).toEqual({ pageUri: 'https://acme.test/pricing' });
    expect(body).not.toHaveProperty('legalConsentOptions');
  });

  it('legitimate interest instead of consent', () => {
    const built = buildHubspotRequest(payload, { portalId: '42', formGuid: 'g', consent: { legitimateInterest: { subscriptionTypeId: 7, legalBasis: 'LEAD', text: 'We may contact you.' } } });
    if (!built.ok) throw Error(built.message);
    expect(JSON.parse(built.request.body).legalConsentOptions).toEqual({ legitimateInterest: { value: true, subscriptionTypeId: 7, legalBasis: 'LEAD', text: 'We may contact you.' } });
  });

  it('consent to process follows its field (false when unchecked)', () => {
    const p = { ...payload, answers: { ...payload.answers, gdpr: false } };
    const built = buildHubspotRequest(p, { portalId: '42', formGuid: 'g', consent: { field: 'gdpr', text: 't' } });
    if (!built.ok) throw Error(built.message);
    expect(JSON.parse(built.request.body).legalConsentOptions).toEqual({ consent: { consentToProcess: false, text: 't', communications: [] } });
  });

  it('needs portalId and formGuid; escapes them in the path', () => {
    expect(buildHubspotRequest(payload, { portalId: '', formGuid: 'g' })).toMatchObject({ ok: false });
    const built = buildHubspotRequest(payload, { portalId: '1/2', formGuid: 'a?b' });
    expect(built.ok && built.request.url).toBe(`${HUBSPOT_SUBMIT_URL}1%2F2/a%3Fb`);
  });

  it('values and the hubspotutk cookie', () => {
    expect(hubspotValue(['a', 'b', 'c'])).toBe('a;b;c');
    expect(hubspotValue(true)).toBe('true');
    expect(hubspotValue(3.5)).toBe('3.5');
    expect(readHubspotUtk('_ga=1; hubspotutk=5f0c%3Dx; other=2')).toBe('5f0c=x');
    expect(readHubspotUtk('hubspotutk=abc')).toBe('abc');
    expect(readHubspotUtk('xhubspotutk=abc')).toBeUndefined();
    expect(readHubspotUtk('hubspotutk=')).toBeUndefined();
    expect(readHubspotUtk(undefined)).toBeUndefined();
  });
});

describe('salesforce request (Web-to-Lead)', () => {
  it('form-encodes oid, mapped fields and lead_source as configured, sent no-cors', () => {
    const built = buildSalesforceRequest(payload, {
      oid: '00D000000000001',
      leadSource: '$utm.source',
      fields: { email: 'email', company: 'company', last: 'last_name', topics: '00N000000000ABC', newsletter: 'emailOptIn__c', $id: '00N000000000XYZ' },
      retURL: 'https://acme.test/thanks',
    });
    if (!built.ok) throw Error(built.message);
    const { request } = built;
    expect(request.url).toBe(SALESFORCE_WEB_TO_LEAD_URL);
    expect(request.url).toBe('https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8');
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(request.mode).toBe('no-cors');
    expect(request.credentials).toBe('omit');
    expect([...new URLSearchParams(request.body)]).toEqual([
      ['oid', '00D000000000001'],
      ['retURL', 'https://acme.test/thanks'],
      ['email', 'ada@example.com'],
      ['company', 'Analytical Engines'],
      ['last_name', 'Lovelace'],
      ['00N000000000ABC', 'pricing'],
      ['00N000000000ABC', 'security'],
      ['emailOptIn__c', '1'],
      ['00N000000000XYZ', payload.id],
      ['lead_source', 'newsletter'],
    ]);
    expect(request.body.startsWith('oid=00D000000000001&retURL=https%3A%2F%2Facme.test%2Fthanks&email=ada%40example.com')).toBe(true);
  });

  it('lead_source: a literal, a $ key, omitted when empty, never twice', () => {
    const ls = (leadSource: string | undefined, fields?: Record<string, string>, p = payload) => {
      const built = buildSalesforceRequest(p, { oid: 'o', fields: fields ?? { email: 'email' }, ...(leadSource === undefined ? {} : { leadSource }) });
      return built.ok ? new URLSearchParams(built.request.body).getAll('lead_source') : ['!'];
    };
    expect(ls('Web')).toEqual(['Web']);
    expect(ls('$utm.campaign')).toEqual(['q1']);
    expect(ls('$utm.source', undefined, { ...payload, context: { ...payload.context, utm: {} } })).toEqual([]);
    // none by default (issue 14): Salesforce's Lead Source is a picklist, a UTM source is rarely one of its values
    expect(ls(undefined)).toEqual([]);
    expect(ls('Web', { email: 'email', $formId: 'lead_source' })).toEqual(['demo']);
  });

  it('takes an endpoint override and needs an oid', () => {
    const built = buildSalesforceRequest(payload, { oid: 'o', endpoint: 'https://test.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8' });
    expect(built.ok && built.request.url).toBe('https://test.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8');
    expect(buildSalesforceRequest(payload, { oid: ' ' })).toMatchObject({ ok: false });
    expect(buildSalesforceRequest(payload, { oid: 'o', endpoint: 'ftp://x' })).toMatchObject({ ok: false });
  });
});
