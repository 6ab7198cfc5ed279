import { checkForm, formatConfigErrors, parseForm } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { explain } from './entries/cairn-diagnostics.js';
import { explainConfig } from './explain.js';

/** `fields` misspelled: two problems (missing 'fields', unknown 'feilds'). */
const BROKEN = { id: 'x', version: 1, steps: [{ id: 's', feilds: [] }], submit: { endpoint: '/leads' } };
const VALID = { id: 'x', version: 1, steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email' }] }], submit: { endpoint: '/leads' } };

describe('explain (cairn-diagnostics.js)', () => {
  it("says what parseForm says, in formatConfigErrors' words", () => {
    const parsed = parseForm(BROKEN);
    if (parsed.ok) throw new Error('BROKEN parsed');
    expect(explain(BROKEN)).toEqual({ message: formatConfigErrors(parsed.errors), errors: parsed.errors });
    expect(explain(BROKEN).message).toContain("steps[0].feilds: unknown key 'feilds' — did you mean 'fields'?");
  });

  it('reads JSON text, and names the line and column of a syntax error', () => {
    expect(explain('{ "id": "x", }').message).toMatch(/^\(root\): invalid JSON at line 1, column \d+/);
  });

  it('finds nothing in a valid config', () => {
    expect(explain(VALID)).toEqual({ message: '', errors: [] });
  });
});

describe('explainConfig, when cairn-diagnostics.js cannot be loaded', () => {
  it("still names every problem's path and code, and says why the details are missing", async () => {
    const checked = checkForm(BROKEN);
    if (checked.ok) throw new Error('BROKEN checked');
    const result = await explainConfig(BROKEN, checked.problems);
    expect(result.errors).toEqual([
      { path: 'steps[0]', code: 'missing_key', message: 'missing key' },
      { path: 'steps[0].feilds', code: 'unknown_key', message: 'unknown key' },
    ]);
    expect(result.message).toMatch(/^steps\[0\]: missing key\nsteps\[0\]\.feilds: unknown key\n\(details could not be loaded: .+\)$/);
  });

  it('puts the reason on the same line when there is one problem', async () => {
    const result = await explainConfig('{', [{ path: '', code: 'invalid_json' }]);
    expect(result.message).toMatch(/^\(root\): invalid json \(details could not be loaded: .+\)$/);
  });
});
