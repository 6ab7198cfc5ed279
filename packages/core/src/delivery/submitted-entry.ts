import type { LeadPayload } from '../payload/lead-payload.js';
import { absoluteUrl } from './delivery-request.js';
import type { DestinationConfig } from './destination.js';
import { claimUntil } from './destination-attempt.js';
import type { EngineSettings } from './engine-settings.js';
import { readHubspotUtk, type HubspotCapture } from './hubspot-request.js';
import { createEntry, type OutboxEntry } from './outbox-entry.js';
import { canAttempt } from './transport.js';

/** Where the page's facts come from; each is read at submit time (see `DeliveryEngineOptions`). */
export interface SubmitFacts {
  baseUrl?: string;
  cookie?: () => string | undefined;
  pageName?: () => string | undefined;
}

/** `d` with a relative endpoint made absolute against the page it was submitted on: any page can finish the delivery. */
export const withAbsoluteEndpoint = (d: DestinationConfig, baseUrl: string | undefined): DestinationConfig =>
  d.endpoint && (d.format === 'json' || d.format === 'salesforce') ? { ...d, endpoint: absoluteUrl(d.endpoint, baseUrl) ?? d.endpoint } : d;

/** What HubSpot needs from the page (its cookie, the title), read now: a later flush may run on another page. */
function captureFor(destinations: readonly DestinationConfig[], facts: SubmitFacts): HubspotCapture | undefined {
  if (!destinations.some((d) => d.format === 'hubspot')) return undefined;
  const doc = (globalThis as { document?: Document }).document;
  const read = (f: (() => string | undefined) | undefined, fallback: () => string | undefined) => {
    try {
      return (f ?? fallback)();
    } catch {
      return undefined;
    }
  };
  const capture: HubspotCapture = {};
  const hutk = readHubspotUtk(read(facts.cookie, () => doc?.cookie));
  const pageName = read(facts.pageName, () => doc?.title);
  if (hutk) capture.hutk = hutk;
  if (pageName) capture.pageName = pageName;
  return capture;
}

/**
 * The entry a submitted lead is stored as, every destination this engine can attempt already
 * claimed by it: the first attempt needs no second transaction, and no other tab picks the lead
 * up while the visitor waits for it.
 */
export function submittedEntry(settings: EngineSettings, payload: LeadPayload, configs: readonly DestinationConfig[], facts: SubmitFacts): OutboxEntry {
  const now = settings.clock();
  const entry = createEntry(payload, configs, now, captureFor(configs, facts));
  for (const c of configs) if (canAttempt(c, settings)) entry.destinations[c.id]!.claim = { owner: settings.owner, until: claimUntil(settings, now, c) };
  return entry;
}
