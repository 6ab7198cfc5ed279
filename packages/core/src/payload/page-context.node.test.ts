// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readPageContext } from './page-context.js';

describe('readPageContext (Node, no browser globals)', () => {
  it('returns empty facts instead of throwing', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const ctx = readPageContext();
    expect(ctx).toMatchObject({ page: '', referrer: '', utm: {} });
    expect(typeof ctx.locale).toBe('string'); // Node ≥ 21 has a navigator
    expect(ctx.timezone).toMatch(/\w/);
  });
});
