import type { Clock, Random, Timers } from './timers.js';
import type { TransportContext } from './transport.js';

/**
 * A delivery engine's settings with their defaults filled in, as its parts read them; also the
 * context its transports are given (they read theirs from it).
 */
export interface EngineSettings extends TransportContext {
  timeoutMs: number;
  timers: Timers;
  clock: Clock;
  random: Random;
  /** This engine's id in claims. */
  owner: string;
}
