import type { EngineSettings } from './engine-settings.js';
import type { OutboxEntry } from './outbox-entry.js';
import { destinationKey, type Holds } from './receiver.js';
import type { Clock, Timers } from './timers.js';
import { canAttempt } from './transport.js';

/** Timers wait at least this long: a safety floor against a busy loop. */
const MIN_TIMER_MS = 100;
/** setTimeout's largest delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The earliest time a destination of `known` may be attempted (its backoff, a foreign claim and its receiver's hold all over), or undefined. */
export function nextWake(settings: EngineSettings, known: Map<string, OutboxEntry>, holds: Holds): number | undefined {
  let wake: number | undefined;
  for (const e of known.values())
    for (const s of Object.values(e.destinations)) {
      if (s.status !== 'pending' || !canAttempt(s.config, settings)) continue;
      const t = Math.max(s.nextAttemptAt, s.claim?.until ?? 0, holds.get(destinationKey(s.config)) ?? 0);
      if (wake === undefined || t < wake) wake = t;
    }
  return wake;
}

/**
 * One timer calling `wake` at the time asked for (undefined: never). An earlier wake-up already
 * set stays: waking early costs a flush that finds nothing due, waking late leaves a lead waiting.
 */
export function createWakeTimer(timers: Timers, clock: Clock, wake: () => void): (at: number | undefined) => void {
  let timer: unknown;
  let timerAt: number | undefined;
  return (at) => {
    if (at === undefined) {
      timers.clearTimeout(timer);
      timer = timerAt = undefined;
      return;
    }
    if (timer !== undefined && timerAt !== undefined && timerAt <= at) return;
    timers.clearTimeout(timer);
    timerAt = at;
    timer = timers.setTimeout(() => {
      timer = timerAt = undefined;
      wake();
    }, Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, at - clock())));
  };
}
