import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { destinationsOf } from '../delivery/destinations-of.js';
import { checkForm } from './check-form.js';
import { formatConfigErrors, parseForm } from './parse-form.js';

/**
 * docs/integrations.md promises copy-paste configs: every ```json block in it is a whole form
 * config that parseForm (and the script tag's checkForm) accepts as it stands.
 */
const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/integrations.md'), 'utf8');
const blocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m, i) => ({ n: i + 1, text: m[1]! }));

describe('docs/integrations.md', () => {
  test('has a config for every integration it documents', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const formats = blocks.flatMap(({ text }) => destinationsOf(JSON.parse(text).submit).map((d) => d.format));
    expect(new Set(formats)).toEqual(new Set(['json', 'hubspot', 'salesforce', 'custom']));
    const all = blocks.map(({ text }) => JSON.parse(text));
    expect(all.some((f) => f.analytics?.dataLayer && f.analytics?.segment)).toBe(true);
    expect(all.some((f) => f.submit.partial)).toBe(true);
    expect(all.some((f) => f.submit.enrich)).toBe(true);
  });

  test.each(blocks.map((b) => [b.n, b.text] as const))('JSON block %i passes parseForm and checkForm', (_, text) => {
    const parsed = parseForm(text);
    expect(parsed.ok ? '' : formatConfigErrors(parsed.errors)).toBe('');
    expect(checkForm(text).ok).toBe(true);
  });
});
