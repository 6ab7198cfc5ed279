import type { EngineSettings } from './engine-settings.js';
import { createFlushLock, createLocalFlushLock, type FlushLock } from './flush-lock.js';
import type { Outbox } from './outbox.js';

/** When another tab holds the flush lock, look again after this long (its flush may leave work behind). */
export const LOCK_BUSY_RETRY_MS = 15_000;

export interface FlushReport {
  /** false when another tab (or engine) holds the flush lock. */
  ran: boolean;
  /** Attempts made (destinations of entries). */
  attempted: number;
}

/**
 * The engine's `flush`: one at a time (asked for while one runs, it makes that one go round once
 * more, and resolves with it), each round under the flush lock. `urgent` holds until a round has
 * started with it. Afterwards `schedule` is told when to look again: undefined (when something
 * known is due) or, the lock being busy, a little later.
 */
export function createFlush(
  settings: EngineSettings,
  outbox: Outbox,
  lock: FlushLock | undefined,
  round: (urgent: boolean) => Promise<number>,
  schedule: (at?: number) => void,
  closed: () => boolean,
): (urgent?: boolean) => Promise<FlushReport> {
  const localLock = createLocalFlushLock();
  let running: Promise<FlushReport> | undefined;
  let again = false;
  let urgent = false;

  const flushOnce = async (): Promise<FlushReport> => {
    let total = 0;
    let ran = true;
    do {
      again = false;
      // Other tabs cannot see a memory outbox: its leads are this page's alone.
      const l = outbox.durable() ? (lock ??= createFlushLock()) : localLock;
      const r = await l
        .tryRun(() => {
          const u = urgent;
          urgent = false;
          return round(u);
        })
        .catch(() => ({ acquired: true as const, value: 0 }));
      if (!r.acquired) ran = false;
      else total += r.value;
    } while (again && ran && !closed());
    // Lock busy: what this engine knows may look due, but the holder is on it; look again later.
    schedule(ran ? undefined : settings.clock() + LOCK_BUSY_RETRY_MS);
    return { ran, attempted: total };
  };

  return (urgentFlush) => {
    urgent ||= !!urgentFlush;
    if (running) {
      again = true;
      return running;
    }
    return (running = flushOnce().finally(() => (running = undefined)));
  };
}
