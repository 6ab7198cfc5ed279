// lead.schema.json (generated from `LeadPayload` by scripts/write-schema.mjs) against the leads the
// engine really builds: a first visit and a returning one (profile entries, a score with its
// reasons, behaviour signals, touches), checked with Ajv. And the schema's identity.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createCairnPage } from '../runtime/create-cairn-page.js';
import { LEAD_SCHEMA_ID, SCHEMA_BASE } from '../schema/json-schema.js';
import type { FormConfig } from '../schema/form-schema.js';
import { createForm } from '../session/create-form.js';
import type { LeadPayload } from './lead-payload.js';

// (a path, not a URL: under happy-dom, URL is not the one node:fs accepts)
const read = (file: string) => JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../..', file), 'utf8'));
const leadSchema = read('lead.schema.json');
const validate = new Ajv({ allErrors: true, strict: false }).compile(leadSchema);

const config: FormConfig = {
  id: 'quote',
  version: 3,
  steps: [
    {
      id: 'you',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'company_size', type: 'select', label: 'Company size', options: ['1-49', '1000+'] },
        { id: 'role', type: 'text', label: 'Role' },
        { id: 'seats', type: 'number', label: 'Seats' },
        { id: 'tools', type: 'checkboxes', label: 'Tools', options: ['crm', 'erp'] },
      ],
    },
  ],
  profiling: { alwaysAsk: ['email'], pool: ['company_size', 'role', 'seats', 'tools'], maxNewFields: 2 },
  scoring: {
    fit: [{ id: 'big', when: { field: 'company_size', equals: '1000+' }, points: 30, reason: 'Large company' }],
    intent: [{ id: 'whitepaper', when: { signal: 'whitepaper.count', gte: 1 }, points: 10, reason: 'Downloaded the whitepaper' }],
  },
  submit: { endpoint: 'https://leads.example/in' },
} as FormConfig;

/** Submits `answers` through the page runtime and resolves with the lead it delivered. */
async function submitted(page: ReturnType<typeof createCairnPage>, answers: Record<string, unknown>): Promise<LeadPayload> {
  let lead: LeadPayload | undefined;
  const session = createForm(config, { page, deliver: async (payload) => ((lead = payload), { ok: true, status: 201 }) });
  await new Promise((r) => setTimeout(r, 20)); // the stored profile re-plans the form
  for (const [field, value] of Object.entries(answers)) if (session.isVisible(field)) session.set(field, value as never);
  const result = await session.submit();
  expect(result.ok).toBe(true);
  session.destroy();
  return lead!;
}

describe('lead.schema.json', () => {
  it('accepts the leads the engine builds: a first visit, then a returning one with profile, score and signals', async () => {
    const page = createCairnPage({ storage: 'memory' });
    await page.track('whitepaper');
    const first = await submitted(page, { email: 'ada@initech.test', company_size: '1000+', role: 'CTO', seats: 12, tools: ['crm'] });
    const second = await submitted(page, { email: 'ada@initech.test', seats: 40 });
    for (const lead of [first, second]) {
      expect(validate(lead), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
    // the parts the schema describes in depth are really there
    expect(second.profile && Object.keys(second.profile).length).toBeGreaterThan(0);
    expect(first.score?.reasons.map((r) => r.rule).sort()).toEqual(['big', 'whitepaper']);
    expect(first.context.signals).toBeDefined();
  });

  it('rejects what a receiver must not take for a lead', () => {
    const good: LeadPayload = {
      schema: 'cairn.lead/1',
      id: '6a1f2c9e-9a43-4d0c-8b1f-5a2f7a1c3e10',
      form: { id: 'quote', version: 3 },
      submittedAt: '2026-12-04T10:00:00.000Z',
      answers: { email: 'ada@initech.test', seats: 12, tools: ['crm'], consent: true },
      context: { page: 'https://example.test/', referrer: '', utm: {}, locale: 'en-GB', timezone: 'Europe/London' },
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, schema: 'cairn.lead/2' })).toBe(false);
    const { id: _id, ...withoutId } = good;
    expect(validate(withoutId)).toBe(false);
    expect(validate({ ...good, answers: { email: { nested: true } } })).toBe(false);
    // a field a later cairn.lead/1 adds is accepted (extend, never rename)
    expect(validate({ ...good, addedLater: 1 })).toBe(true);
  });

  it('has a versioned $id beside form.schema.json, matching the package version (major.minor)', () => {
    const { version } = read('package.json') as { version: string };
    expect(SCHEMA_BASE).toBe(`https://unpkg.com/@cairn/core@${version.split('.').slice(0, 2).join('.')}/`);
    expect(leadSchema.$id).toBe(LEAD_SCHEMA_ID);
    expect(read('form.schema.json').$id).toBe(`${SCHEMA_BASE}form.schema.json`);
  });
});
