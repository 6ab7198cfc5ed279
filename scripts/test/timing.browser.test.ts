// The retry helper of the wall-clock browser tests (scripts/browser/timing.ts). In the `browser`
// project because that is where its users are; it needs no browser.
import { describe, expect, it } from 'vitest';
import { requireTiming, retryTiming, TimingMissed } from '../browser/timing.js';

/** A retryTiming whose `[timing]` lines are kept for the assertions. */
function quiet() {
  const lines: string[] = [];
  return { lines, options: { attempts: 4, log: (line: string) => void lines.push(line) } };
}

describe('retryTiming', () => {
  it('returns the first attempt that held its precondition, after retrying only the misses, and logs each miss', async () => {
    const { lines, options } = quiet();
    const seen: number[] = [];
    const value = await retryTiming(
      'scenario',
      async (attempt) => {
        seen.push(attempt);
        requireTiming(attempt >= 3, `kill landed ${50 + attempt} ms after the click (needs ≤ 50)`);
        return `done on ${attempt}`;
      },
      options,
    );
    expect(value).toBe('done on 3');
    expect(seen).toEqual([1, 2, 3]); // stops at the first success: attempt 4 never runs
    expect(lines).toEqual([
      '[timing] scenario: attempt 1 of 4 — precondition missed: kill landed 51 ms after the click (needs ≤ 50)',
      '[timing] scenario: attempt 2 of 4 — precondition missed: kill landed 52 ms after the click (needs ≤ 50)',
      '[timing] scenario: attempt 3 of 4 held its timing precondition',
    ]);
  });

  it('a first attempt that holds runs once and logs nothing', async () => {
    const { lines, options } = quiet();
    let runs = 0;
    expect(await retryTiming('scenario', async () => ++runs, options)).toBe(1);
    expect(runs).toBe(1);
    expect(lines).toEqual([]);
  });

  it('gives up after N misses with every miss in the message', async () => {
    const { lines, options } = quiet();
    let runs = 0;
    const failure = retryTiming(
      'slow machine',
      async (attempt) => {
        runs++;
        throw new TimingMissed(`miss ${attempt}`);
      },
      { ...options, attempts: 3 },
    );
    await expect(failure).rejects.toThrow(/^\[timing\] slow machine: all 3 attempts missed their timing precondition/);
    await expect(failure).rejects.toThrow('attempt 1: miss 1\n  attempt 2: miss 2\n  attempt 3: miss 3');
    await expect(failure).rejects.not.toBeInstanceOf(TimingMissed); // a plain failure: nothing above may retry it again
    expect(runs).toBe(3);
    expect(lines).toHaveLength(3);
  });

  it('never retries any other error: a failed product guarantee fails at once, even after a miss', async () => {
    const { lines, options } = quiet();
    const seen: number[] = [];
    const failure = retryTiming(
      'scenario',
      async (attempt) => {
        seen.push(attempt);
        requireTiming(attempt > 1, 'too late');
        expect('lead stored twice').toBe('lead stored once');
      },
      options,
    );
    await expect(failure).rejects.toThrow("expected 'lead stored twice' to be 'lead stored once'");
    expect(seen).toEqual([1, 2]);
    expect(lines).toEqual(['[timing] scenario: attempt 1 of 4 — precondition missed: too late']);

    let runs = 0;
    await expect(
      retryTiming('scenario', async () => {
        runs++;
        throw new TypeError('a bug in the test');
      }, options),
    ).rejects.toBeInstanceOf(TypeError);
    expect(runs).toBe(1);
  });

  it('stops what each attempt started, last first, before the next attempt; failure reports run only for a real failure', async () => {
    const { options } = quiet();
    const events: string[] = [];
    const failure = retryTiming(
      'scenario',
      async (attempt, { defer, onFailed }) => {
        events.push(`start ${attempt}`);
        defer(() => events.push(`stop server ${attempt}`));
        defer(async () => void events.push(`stop browser ${attempt}`));
        onFailed(() => events.push(`report ${attempt}`));
        if (attempt === 1) throw new TimingMissed('late');
        throw new Error('lost a lead');
      },
      options,
    );
    await expect(failure).rejects.toThrow('lost a lead');
    expect(events).toEqual([
      'start 1',
      'stop browser 1',
      'stop server 1', // no report: a miss is not a failure
      'start 2',
      'report 2', // while the browser and server are still up
      'stop browser 2',
      'stop server 2',
    ]);
  });

  it('requireTiming throws TimingMissed with what happened, and nothing when the condition holds', () => {
    expect(() => requireTiming(true, 'fine')).not.toThrow();
    expect(() => requireTiming(false, 'kill landed 61 ms after the click (needs ≤ 50)')).toThrow(
      new TimingMissed('kill landed 61 ms after the click (needs ≤ 50)'),
    );
    expect(() => requireTiming(false, 'x')).toThrow(TimingMissed);
  });

  it('with `inconclusive`, a run whose every attempt missed calls it (a skip) instead of failing', async () => {
    const { options, lines } = quiet();
    const notes: string[] = [];
    const failure = retryTiming(
      'slow machine',
      async () => {
        throw new TimingMissed('too late');
      },
      { ...options, attempts: 2, inconclusive: (note) => void notes.push(note) },
    );
    // a real `skip` throws and ends the test; a note-taker returns, so the Error still follows
    await expect(failure).rejects.toThrow(/all 2 attempts missed/);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('attempt 1: too late\n  attempt 2: too late');
    expect(lines.at(-1)).toBe(notes[0]);
  });
});
