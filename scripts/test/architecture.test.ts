// The floor plan, checked: no import cycles in packages/*/src, and no function past ~100 lines
// (a function that must stay longer goes in the list below, with its length, as a ceiling).
import { describe, expect, it } from 'vitest';
import { findCycles, packageSources } from '../check/import-graph.mjs';
import { longestFunctions } from '../check/function-lengths.mjs';

const MAX_FUNCTION_LINES = 100;

/**
 * Functions already longer than MAX_FUNCTION_LINES, with their length today: a ceiling, to be split.
 * Empty since issue 10: keep it so (a new entry needs its reason in the commit).
 */
const STILL_TOO_LONG: Record<string, number> = {};

describe('architecture', () => {
  it('has no import cycle in packages/*/src', () => {
    const cycles = findCycles(packageSources());
    expect(cycles, cycles.map((c) => `cycle:\n  ${c.join('\n  ')}`).join('\n')).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines but the listed ones, and those do not grow`, () => {
    const longest = longestFunctions(25);
    console.log(`longest functions:\n${longest.slice(0, 10).map((f) => `  ${f.lines}  ${f.name}  ${f.file}:${f.line}`).join('\n')}`);
    const over = longest
      .filter((f) => f.lines > MAX_FUNCTION_LINES)
      .filter((f) => !(STILL_TOO_LONG[`${f.file} ${f.name}`]! >= f.lines))
      .map((f) => `${f.file}:${f.line} ${f.name} is ${f.lines} lines (ceiling ${STILL_TOO_LONG[`${f.file} ${f.name}`] ?? MAX_FUNCTION_LINES}): split it`);
    expect(over).toEqual([]);
  });
});
