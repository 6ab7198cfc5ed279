import { describe, expect, test } from 'vitest';
import { checkForm } from './check-form.js';
import { parseForm } from './parse-form.js';

/** Delivery config (issue 5): destinations, partial leads, enrichment, analytics — each problem's path, code and words. */

const base = () => ({
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'email', type: 'email', label: 'Email' },
        { id: 'company', type: 'text', label: 'Company' },
        { id: 'surname', type: 'text', label: 'Last name' },
      ],
    },
  ],
  submit: { endpoint: '/leads' } as Record<string, unknown>,
});

/** parseForm's errors, as `path code: message — hint`; checkForm must name the same (path, code) pairs. */
const problems = (extra: Record<string, unknown>): string[] => {
  const form = { ...base(), ...extra };
  const parsed = parseForm(form);
  const checked = checkForm(form);
  const errors = parsed.ok ? [] : parsed.errors;
  expect(checked.ok ? [] : checked.problems).toEqual(errors.map(({ path, code }) => ({ path, code })));
  return errors.map((e) => `${e.path} ${e.code}: ${e.message}${e.hint ? ` — ${e.hint}` : ''}`);
};

const hubspot = { id: 'hs', format: 'hubspot', portalId: 1234567, formGuid: '0f0e-42', fields: { email: 'email', $id: 'cairn_lead_id' }, consent: { field: 'email', text: 'I agree' } };
const salesforce = { id: 'sf', format: 'salesforce', oid: '00D000000000001', fields: { company: 'company', surname: 'last_name' }, leadSource: 'Website' };
const webhook = { id: 'hook', format: 'json', endpoint: 'https://hooks.example.com/leads', headers: { 'X-Api-Key': 'k' }, timeoutMs: 5000, retry: { baseMs: 500 } };
const custom = { id: 'mine', format: 'custom', name: 'crm' };

describe('valid delivery configs', () => {
  test('every destination format, partial leads, enrichment and analytics at once', () => {
    expect(
      problems({
        submit: {
          destinations: [hubspot, salesforce, webhook, custom],
          partial: { afterSeconds: 45, fields: ['email'] },
          enrich: { url: 'https://enrich.example.com/v1', timeoutMs: 800 },
        },
        analytics: { dataLayer: true, segment: true, fields: ['company', 'email'] },
      }),
    ).toEqual([]);
  });

  test('the single endpoint keeps working, and may sit beside destinations (which win)', () => {
    expect(problems({ submit: { endpoint: '/leads', format: 'json', headers: { a: 'b' } } })).toEqual([]);
    expect(problems({ submit: { endpoint: '/leads', destinations: [webhook] } })).toEqual([]);
  });
});

describe('CRM destinations: what they send, checked before any lead goes (issue 14)', () => {
  const only = (dest: Record<string, unknown>) => problems({ submit: { destinations: [dest] } });

  test('Salesforce without last_name or company: the lead would be dropped by Web-to-Lead', () => {
    expect(only({ ...salesforce, fields: { email: 'email' } })).toEqual([
      `submit.destinations[0].fields unmapped_crm_field: nothing is sent to Salesforce as 'last_name' — Web-to-Lead drops a lead without it: map a field to it, e.g. "fields": { "surname": "last_name" }`,
      `submit.destinations[0].fields unmapped_crm_field: nothing is sent to Salesforce as 'company' — Web-to-Lead drops a lead without it: map a field to it, e.g. "fields": { "surname": "company" }`,
    ]);
    // without a map, standard names are sent under themselves: a form with a 'company' field but no 'last_name' one
    expect(only({ id: 'sf', format: 'salesforce', oid: '00D000000000001' })).toEqual([
      `submit.destinations[0] unmapped_crm_field: nothing is sent to Salesforce as 'last_name' — Web-to-Lead drops a lead without it: map a field to it, e.g. "fields": { "surname": "last_name" }`,
    ]);
  });

  test('HubSpot without email, with a label for a name, with a key that is nothing', () => {
    expect(only({ ...hubspot, fields: { company: 'Company Name', emial: 'email' } })).toEqual([
      `submit.destinations[0].fields unmapped_crm_field: nothing is sent to HubSpot as 'email' — HubSpot files a submission under it: map a field to it, e.g. "fields": { "work_email": "email" }`,
      `submit.destinations[0].fields.company invalid_crm_name: 'Company Name' is not a HubSpot internal name — use the property's internal name (Settings → Properties), e.g. 'firstname'`,
      `submit.destinations[0].fields.emial unknown_field: unknown field 'emial' — did you mean 'email'?`,
    ]);
    expect(only({ ...hubspot, fields: { email: 'email', $partial: 'cairn_partial', $utm_source: 'x' } })).toEqual([
      expect.stringMatching(/^submit\.destinations\[0\]\.fields\.\$utm_source unknown_field: /),
    ]);
  });

  test('partial leads to a CRM only when they are marked ($partial mapped)', () => {
    expect(only({ ...hubspot, partial: true })).toEqual([
      `submit.destinations[0].partial unmarked_partial: partial leads to hubspot must be marked — map "$partial" in "fields", e.g. { "$partial": "cairn_partial" } (a hidden property)`,
    ]);
    expect(only({ ...hubspot, partial: true, fields: { ...hubspot.fields, $partial: 'cairn_partial' } })).toEqual([]);
    expect(only({ ...salesforce, partial: true, fields: { ...salesforce.fields, $partial: '00N5g00000AbCdE' } })).toEqual([]);
    expect(only({ ...webhook, partial: true })).toEqual([`submit.destinations[0].partial unexpected_destination_key: 'partial' is not used by a json destination — remove it, or use a format that takes it`]);
  });
});

describe('delivery problems', () => {
  test('nowhere to send a lead', () => {
    expect(problems({ submit: { destinations: [] } })).toEqual([
      `submit missing_destination: submit has nowhere to send a lead — add "endpoint": "https://…", or "destinations" (formats 'json', 'hubspot', 'salesforce' or 'custom': see docs/integrations.md)`,
    ]);
  });

  test('keys a format needs, keys it would ignore, ids used twice', () => {
    expect(
      problems({
        submit: {
          destinations: [
            { id: 'hs', format: 'hubspot', formGuid: 'g', headers: { a: 'b' } },
            { id: 'hs', format: 'salesforce' },
            { id: 'x', format: 'custom' },
            { ...hubspot, id: 'hs2', consent: { field: 'email' } },
          ],
        },
      }),
    ).toEqual([
      "submit.destinations[0].headers unexpected_destination_key: 'headers' is not used by a hubspot destination — remove it, or use a format that takes it",
      "submit.destinations[0].portalId missing_destination_key: a hubspot destination needs 'portalId' — the HubSpot account id (Settings → Account details)",
      `submit.destinations[1] unmapped_crm_field: nothing is sent to Salesforce as 'last_name' — Web-to-Lead drops a lead without it: map a field to it, e.g. "fields": { "surname": "last_name" }`,
      "submit.destinations[1].id duplicate_destination_id: destination id 'hs' is also used at submit.destinations[0] — each destination needs its own id: it names it in events and in the outbox",
      "submit.destinations[1].oid missing_destination_key: a salesforce destination needs 'oid' — your Salesforce org id ('00D…', in the Web-to-Lead form Salesforce generates)",
      "submit.destinations[2].name missing_destination_key: a custom destination needs 'name' — the key of the function in Cairn.mount(…, { transports: { <name>: fn } })",
      'submit.destinations[3].consent.text missing_destination_key: HubSpot needs the consent text the visitor saw — add "text" (the words next to the checkbox), or "legitimateInterest"',
    ]);
  });

  test('endpoints, timeouts and retry numbers', () => {
    expect(
      problems({
        submit: {
          endpoint: 'leads',
          destinations: [{ ...webhook, endpoint: 'javascript:alert(1)', timeoutMs: 0, retry: { maxMs: -1 } }],
        },
      }),
    ).toEqual([
      "submit.destinations[0].endpoint invalid_endpoint: 'javascript:alert(1)' is not an http(s) URL or a path — use 'https://…' or a path starting with '/', './' or '../'",
      'submit.destinations[0].retry.maxMs invalid_range: -1 is not a number greater than 0',
      'submit.destinations[0].timeoutMs invalid_range: 0 is not a number greater than 0',
      "submit.endpoint invalid_endpoint: 'leads' is not an http(s) URL or a path — use 'https://…' or a path starting with '/', './' or '../'",
    ]);
  });

  test('shape: unknown keys and formats, with a suggestion', () => {
    expect(problems({ submit: { destinations: [{ ...webhook, endpiont: '/x' }, { id: 'y', format: 'hubspott' }] } })).toEqual([
      "submit.destinations[0].endpiont unknown_key: unknown key 'endpiont' — did you mean 'endpoint'?",
      "submit.destinations[1].format invalid_value: 'hubspott' is not a valid format — did you mean 'hubspot'?",
    ]);
  });

  test('partial leads, enrichment and analytics name real fields and usable numbers', () => {
    expect(
      problems({
        submit: { endpoint: '/leads', partial: { afterSeconds: 0, fields: ['emial'] }, enrich: { url: 'ftp://x', timeoutMs: -5 } },
        analytics: { dataLayer: true, fields: ['company', 'size'] },
      }),
    ).toEqual([
      "analytics.fields[1] unknown_field: unknown field 'size'",
      'submit.enrich.timeoutMs invalid_range: -5 is not a number greater than 0',
      "submit.enrich.url invalid_endpoint: 'ftp://x' is not an http(s) URL or a path — use 'https://…' or a path starting with '/', './' or '../'",
      'submit.partial.afterSeconds invalid_range: 0 is not a number greater than 0',
      "submit.partial.fields[0] unknown_field: unknown field 'emial' — did you mean 'email'?",
    ]);
    expect(problems({ submit: { endpoint: '/l', partial: { fields: [] } }, analytics: { dataLayr: true } })).toEqual([
      "analytics.dataLayr unknown_key: unknown key 'dataLayr' — did you mean 'dataLayer'?",
      'submit.partial.fields too_small: needs at least one field',
    ]);
  });
});
