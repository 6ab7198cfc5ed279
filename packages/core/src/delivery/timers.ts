/**
 * Time, injected: every delivery module takes its clock and timers from here so
 * tests run without sleeping and without fake global timers.
 */

/** Milliseconds since the epoch, like `Date.now`. */
export type Clock = () => number;

/** A random number in [0, 1), like `Math.random`. */
export type Random = () => number;

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's timers, called as plain functions (some browsers refuse a `setTimeout` detached from `window`). */
export const systemTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const systemClock: Clock = () => Date.now();
