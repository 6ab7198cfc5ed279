import type { AttemptResult, BuildResult } from './delivery-request.js';
import { configFailure } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import { runCustomTransport, type CustomTransport } from './custom-transport.js';
import { buildHubspotRequest } from './hubspot-request.js';
import { buildJsonRequest } from './json-request.js';
import { buildLastChanceRequest } from './last-chance.js';
import type { OutboxEntry } from './outbox-entry.js';
import { buildSalesforceRequest } from './salesforce-request.js';
import { sendRequest } from './send-request.js';
import type { Clock, Timers } from './timers.js';

/** What the transports need from the engine. */
export interface TransportContext {
  fetch?: typeof fetch;
  timeoutMs?: number;
  timers?: Timers;
  clock?: Clock;
  /** Custom transports by name (the `name` of a custom destination). */
  custom?: Readonly<Record<string, CustomTransport<DestinationConfig>>>;
}

/** The request a destination's format makes for an entry (json, hubspot, salesforce); undefined for custom. */
export function requestFor(entry: OutboxEntry, config: DestinationConfig): BuildResult | undefined {
  switch (config.format) {
    case 'json':
      return buildJsonRequest(entry.payload, { endpoint: config.endpoint ?? '', headers: config.headers });
    case 'hubspot':
      return buildHubspotRequest(entry.payload, { portalId: config.portalId ?? '', formGuid: config.formGuid ?? '', fields: config.fields, consent: config.consent }, entry.capture);
    case 'salesforce':
      return buildSalesforceRequest(entry.payload, { ...config, oid: config.oid ?? '' });
    default:
      return undefined;
  }
}

/**
 * Whether this engine can attempt the destination at all: a custom destination
 * needs its function, which only a page that mounted the form with it has.
 * Other pages leave such a destination pending for a page that can.
 */
export function canAttempt(config: DestinationConfig, ctx: TransportContext): boolean {
  return config.format !== 'custom' || typeof ctx.custom?.[config.name ?? ''] === 'function';
}

/** One attempt at one destination of an entry. Never rejects. */
export async function attemptDelivery(entry: OutboxEntry, config: DestinationConfig, ctx: TransportContext): Promise<AttemptResult> {
  // the destination's own timeout first: a slow CRM need not slow every destination's timeout
  const opts = { fetch: ctx.fetch, timeoutMs: config.timeoutMs ?? ctx.timeoutMs, timers: ctx.timers, clock: ctx.clock };
  if (config.format === 'custom') {
    const fn = ctx.custom?.[config.name ?? ''];
    if (typeof fn !== 'function') return configFailure(`no custom transport named "${config.name}"`);
    return runCustomTransport(fn, entry.payload, config, opts);
  }
  const built = requestFor(entry, config);
  if (!built) return configFailure(`unknown destination format "${String(config.format)}"`);
  if (!built.ok) return configFailure(built.message);
  return sendRequest(built.request, opts);
}

/**
 * The request to send on pagehide for a pending destination, or undefined when
 * its format has none: json sends the payload as text/plain (no preflight);
 * salesforce's form post is already a simple request; HubSpot's endpoint wants
 * application/json (a preflight, which does not survive the page) and a custom
 * function cannot outlive the page, so those wait for the next page load.
 */
export function lastChanceRequestFor(entry: OutboxEntry, config: DestinationConfig): BuildResult | undefined {
  if (config.format === 'json') return buildLastChanceRequest(entry.payload, config.endpoint ?? '');
  if (config.format === 'salesforce') {
    const built = buildSalesforceRequest(entry.payload, { ...config, oid: config.oid ?? '' });
    return built.ok ? { ok: true, request: { ...built.request, keepalive: true } } : built;
  }
  return undefined;
}
