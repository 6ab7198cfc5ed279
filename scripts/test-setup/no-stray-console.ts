import { afterEach, beforeEach, vi } from 'vitest';

// A library that logs on someone else's page should log only on purpose.
// Any console call a test did not expect (by spying on it itself) fails that test.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let stray: string[] = [];

beforeEach(() => {
  stray = [];
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      stray.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  if (stray.length > 0) {
    const lines = stray.join('\n');
    stray = [];
    throw new Error(`Unexpected console output (spy on it in the test if it is intended):\n${lines}`);
  }
});
