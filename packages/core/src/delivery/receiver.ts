import type { DestinationConfig } from './destination.js';

/** Which receiver a destination talks to: one attempt at a time per receiver, and one backoff hold. */
export function destinationKey(d: DestinationConfig): string {
  switch (d.format) {
    case 'json':
      return 'json ' + (d.endpoint ?? '');
    case 'hubspot':
      return `hubspot ${d.portalId ?? ''}/${d.formGuid ?? ''}`;
    case 'salesforce':
      return `salesforce ${d.endpoint ?? ''} ${d.oid ?? ''}`;
    default:
      return 'custom ' + (d.name ?? '');
  }
}

/**
 * Receiver (`destinationKey`) → time before which a flush leaves it alone: one of its leads just
 * failed retryably, and the rest of its queue waits out the same backoff instead of failing too.
 */
export type Holds = Map<string, number>;
