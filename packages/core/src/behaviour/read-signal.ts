import type { FieldValue } from '../model/values.js';
import { parseSignalKey, type SignalKey } from './signal-key.js';
import type { Signals } from './signals.js';

/**
 * Reading a signal key (`pricing.views`, `visits.count`, `whitepaper-download.last`,
 * `forms.demo.starts` — see `signal-key.ts`) from a record, as a condition's
 * `signal` fact. Counts of what never happened read 0 (so `{ "lt": 1 }` means
 * "never"); `first`/`last` of what never happened read `undefined`.
 */

const DAY_MS = 86_400_000;

/** Whole milliseconds → days, two decimals, never negative (a clock a little behind reads 0). */
const daysSince = (at: number, now: number): number => Math.max(0, Math.round(((now - at) / DAY_MS) * 100) / 100);

/** The key, parsed, and the tally it reads (`undefined`: it never happened). */
const resolve = (signals: Signals, key: string): { parsed: SignalKey; tally?: { n?: number; first?: number; last: number } & Record<string, number> } | undefined => {
  const parsed = parseSignalKey(key, (name) => Object.hasOwn(signals.groups, name));
  if (!parsed) return undefined;
  const { subject, name } = parsed;
  const tally =
    subject == 'pages' || subject == 'visits'
      ? signals[subject].n
        ? signals[subject]
        : undefined
      : subject == 'group'
        ? own(signals.groups, name)
        : subject == 'event'
          ? own(signals.events, name)
          : own(signals.forms, name);
  return { parsed, tally: tally as never };
};

const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

/** The value of a signal key at time `now` (epoch ms), or `undefined` for a malformed key or a time that never was. */
export const readSignal = (signals: Signals, key: string, now: number): FieldValue | undefined => {
  const r = resolve(signals, key);
  if (!r) return undefined;
  const { parsed, tally } = r;
  const { metric } = parsed;
  if (metric == 'first' || metric == 'last') return tally ? daysSince(tally[metric]!, now) : undefined;
  return (metric == 'views' || metric == 'count' ? tally?.n : tally?.[metric]) ?? 0;
};

/**
 * When the thing a key counts last happened (epoch ms): the last view of `pricing`
 * for `pricing.views`, the last visit's last activity for `visits.count`. This is
 * the age intent points decay by. `undefined` when it never happened.
 */
export const signalTime = (signals: Signals, key: string): number | undefined => resolve(signals, key)?.tally?.last;
