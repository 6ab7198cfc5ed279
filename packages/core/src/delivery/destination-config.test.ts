import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkDestination, checkDestinations } from './check-destination.js';
import type { DestinationConfig } from './destination.js';
import { destinationsOf } from './destinations-of.js';
import { DestinationSchema } from './schema/destination-schema.js';

const hubspot: DestinationConfig = { id: 'hs', format: 'hubspot', portalId: 123, formGuid: 'g', fields: { email: 'email' }, consent: { text: 't' } };
const salesforce: DestinationConfig = { id: 'sf', format: 'salesforce', oid: '00D', fields: { last: 'last_name' }, leadSource: 'Web', retURL: 'https://x.test/' };
const json: DestinationConfig = { id: 'hook', format: 'json', endpoint: '/hooks/lead', headers: { 'X-Key': 'k' }, retry: { baseMs: 500, maxMs: 60_000, giveUpAfterHours: 48 } };
const custom: DestinationConfig = { id: 'c', format: 'custom', name: 'toSegment' };

describe('DestinationSchema (zod/mini, one strict object)', () => {
  it('accepts each format', () => {
    for (const d of [hubspot, salesforce, json, custom]) expect(z.safeParse(DestinationSchema, d).success).toBe(true);
  });
  it('rejects unknown keys, unknown formats, a missing id', () => {
    expect(z.safeParse(DestinationSchema, { ...json, endpiont: 'x' }).success).toBe(false);
    expect(z.safeParse(DestinationSchema, { ...json, format: 'xml' }).success).toBe(false);
    expect(z.safeParse(DestinationSchema, { format: 'json', endpoint: '/x' }).success).toBe(false);
    expect(z.safeParse(DestinationSchema, { ...hubspot, consent: { text: 't', extra: 1 } }).success).toBe(false);
  });
});

describe('checkDestination', () => {
  it('finds nothing wrong with complete destinations', () => {
    for (const d of [hubspot, salesforce, json, custom]) expect(checkDestination(d, 'submit.destinations[0]')).toEqual([]);
  });

  it('reports the keys a format needs', () => {
    expect(checkDestination({ id: 'hs', format: 'hubspot', formGuid: 'g' }, 'd[0]')).toEqual([
      { path: 'd[0].portalId', code: 'missing_key', message: 'a hubspot destination needs "portalId"', data: { format: 'hubspot', key: 'portalId' } },
    ]);
    expect(checkDestination({ id: 'x', format: 'json' }, 'd').map((p) => p.path)).toEqual(['d.endpoint']);
    expect(checkDestination({ id: 'x', format: 'salesforce', oid: '' }, 'd').map((p) => [p.path, p.code])).toEqual([['d.oid', 'missing_key']]);
    expect(checkDestination({ id: 'x', format: 'custom' }, 'd').map((p) => p.path)).toEqual(['d.name']);
    expect(checkDestination({ ...hubspot, consent: { field: 'gdpr' } }, 'd').map((p) => [p.path, p.code])).toEqual([['d.consent.text', 'missing_key']]);
    expect(checkDestination({ ...hubspot, consent: { legitimateInterest: { subscriptionTypeId: 1, legalBasis: 'LEAD', text: 't' } } }, 'd')).toEqual([]);
  });

  it('reports keys its format would ignore, bad endpoints and retry numbers', () => {
    expect(checkDestination({ ...hubspot, headers: { a: 'b' }, endpoint: '/x' }, 'd').map((p) => [p.path, p.code])).toEqual([
      ['d.headers', 'unexpected_key'],
      ['d.endpoint', 'unexpected_key'],
    ]);
    expect(checkDestination({ ...json, endpoint: 'javascript:alert(1)' }, 'd')).toEqual([
      { path: 'd.endpoint', code: 'invalid_endpoint', message: '"javascript:alert(1)" is not an http(s) URL or a path', data: { format: 'json', key: 'endpoint', value: 'javascript:alert(1)' } },
    ]);
    expect(checkDestination({ ...json, retry: { baseMs: 0, maxMs: -1 } }, 'd').map((p) => p.path)).toEqual(['d.retry.baseMs', 'd.retry.maxMs']);
    // the same rule as the form's submit.endpoint: a path must start with '/', './' or '../'
    expect(checkDestination({ ...json, endpoint: 'hooks/lead' }, 'd').map((p) => p.code)).toEqual(['invalid_endpoint']);
    expect(checkDestination({ ...json, endpoint: '../hooks/lead' }, 'd')).toEqual([]);
    expect(checkDestination({ ...custom, timeoutMs: 0 }, 'd')).toEqual([
      { path: 'd.timeoutMs', code: 'invalid_value', message: 'timeoutMs must be a positive number', data: { format: 'custom', key: 'timeoutMs', value: 0 } },
    ]);
    expect(checkDestination({ ...hubspot, timeoutMs: 2_000 }, 'd')).toEqual([]);
    expect(checkDestination({ id: 'x', format: 'xml' as 'json' }, 'd').map((p) => p.code)).toEqual(['invalid_value']);
  });

  it('checkDestinations also reports an id used twice', () => {
    expect(checkDestinations([json, { ...custom, id: 'hook' }], 'submit.destinations')).toEqual([
      {
        path: 'submit.destinations[1].id',
        code: 'duplicate_destination_id',
        message: 'destination id "hook" is already used by submit.destinations[0]',
        data: { key: 'id', value: 'hook', at: 'submit.destinations[0]' },
      },
    ]);
  });
});

describe('destinationsOf', () => {
  it('turns the single-destination submit into one json destination "default"', () => {
    expect(destinationsOf({ endpoint: '/api/lead' })).toEqual([{ id: 'default', format: 'json', endpoint: '/api/lead' }]);
    expect(destinationsOf({ endpoint: '/api/lead', format: 'json', headers: { A: 'b' } })).toEqual([{ id: 'default', format: 'json', endpoint: '/api/lead', headers: { A: 'b' } }]);
    // the old form always POSTed JSON, whatever `format` said
    expect(destinationsOf({ endpoint: '/api/lead', format: 'hubspot' })).toEqual([{ id: 'default', format: 'json', endpoint: '/api/lead' }]);
  });
  it('uses submit.destinations when given', () => {
    expect(destinationsOf({ endpoint: '/ignored', destinations: [hubspot, custom] })).toEqual([hubspot, custom]);
    expect(destinationsOf({})).toEqual([]);
    expect(destinationsOf(undefined)).toEqual([]);
  });
});
