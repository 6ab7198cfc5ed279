import type { LastChanceSender } from './last-chance.js';
import type { OutboxEntry } from './outbox-entry.js';
import { lastChanceRequestFor } from './transport.js';

export interface LastChanceReport {
  sent: { id: string; destination: string; via: 'beacon' | 'keepalive' }[];
  skipped: { id: string; destination: string; reason: 'unsupported' | 'config' | 'over-budget' | 'unavailable' | 'refused' }[];
}

/** Hands every pending destination of `entries`, in order, to `sender`; says what went and what could not. */
export function sendLastChance(entries: readonly OutboxEntry[], sender: LastChanceSender): LastChanceReport {
  const report: LastChanceReport = { sent: [], skipped: [] };
  for (const e of entries)
    for (const [destination, s] of Object.entries(e.destinations)) {
      if (s.status !== 'pending') continue;
      const built = lastChanceRequestFor(e, s.config);
      if (!built) report.skipped.push({ id: e.id, destination, reason: 'unsupported' });
      else if (!built.ok) report.skipped.push({ id: e.id, destination, reason: 'config' });
      else {
        const out = sender.send(built.request);
        if (out.sent) report.sent.push({ id: e.id, destination, via: out.via });
        else report.skipped.push({ id: e.id, destination, reason: out.reason });
      }
    }
  return report;
}
