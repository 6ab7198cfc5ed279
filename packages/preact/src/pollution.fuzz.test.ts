// Issue 14, point 5: prototype pollution. Names every object has (`__proto__`, `constructor`,
// `prototype`, `toString`…) put into every place a config, a visitor or a host page can put a
// name — ids, option values, record keys (labels, stages, page groups, field maps, booking
// params, profiling migrations), answers, URL parameters, cookies, initial values, a host
// profile, tracked events — then parsed, mounted, rendered (happy-dom), answered, scored and
// built into a lead.
// Whatever is accepted or refused, nothing may throw and `Object.prototype` (and Array's) must
// be exactly as before. Prints its count.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCairnPage, parseForm, scoreLead } from '@cairn/core';
import { mountForm } from './mount.js';

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
const RUNS = 1_200;

const snapshot = () => [Object.getOwnPropertyNames(Object.prototype).sort().join(), Object.getOwnPropertyNames(Array.prototype).sort().join(), Object.keys({}).length].join('|');
const before = snapshot();

/** A JSON text with `name` put where `slot` says: built as text, so `__proto__` is an own key as a parsed config would have it. */
const SLOTS: Record<string, (name: string) => string> = {
  fieldId: (n) => config({ fieldId: n }),
  stepId: (n) => config({ stepId: n }),
  option: (n) => config({ option: n }),
  label: (n) => config({ labels: `{${JSON.stringify(n)}: "x"}` }),
  stage: (n) => config({ stages: `{${JSON.stringify(n)}: { "fit": 10 }}` }),
  pageGroup: (n) => config({ pages: `{${JSON.stringify(n)}: "/p*"}` }),
  fieldMap: (n) => config({ fieldMap: `{${JSON.stringify(n)}: "email", "email": ${JSON.stringify(n)}}` }),
  bookingParam: (n) => config({ booking: `{${JSON.stringify(n)}: "email"}` }),
  migrate: (n) => config({ migrate: `{${JSON.stringify(n)}: "email"}` }),
  profileKey: (n) => config({ profileKey: n }),
  conditionField: (n) => config({ conditionField: n }),
  headers: (n) => config({ headers: `{${JSON.stringify(n)}: "v"}` }),
};

function config(o: { fieldId?: string; stepId?: string; option?: string; labels?: string; stages?: string; pages?: string; fieldMap?: string; booking?: string; migrate?: string; profileKey?: string; conditionField?: string; headers?: string }): string {
  const id = JSON.stringify;
  return `{
    "id": "pollution", "version": 1,
    ${o.labels ? `"labels": ${o.labels},` : ''}
    "steps": [{ "id": ${id(o.stepId ?? 'one')}, "fields": [
      { "id": "email", "type": "email", "label": "Email" },
      { "id": ${id(o.fieldId ?? 'plan')}, "type": "select", "label": "Plan", "options": ["a", ${id(o.option ?? 'b')}] ${o.profileKey ? `, "profile": ${id(o.profileKey)}` : ''} },
      { "id": "note", "type": "text", "label": "Note", "when": { "field": ${id(o.conditionField ?? 'email')}, "exists": true } }
    ]}],
    "submit": { ${o.fieldMap || o.headers ? `"destinations": [${o.fieldMap ? `{ "id": "hs", "format": "hubspot", "portalId": 1, "formGuid": "g", "fields": ${o.fieldMap} }` : ''}${o.fieldMap && o.headers ? ',' : ''}${o.headers ? `{ "id": "j", "format": "json", "endpoint": "/leads", "headers": ${o.headers} }` : ''}]` : '"endpoint": "/leads"'} },
    ${o.pages ? `"signals": { "pages": ${o.pages} },` : ''}
    ${o.migrate ? `"profiling": { "migrate": ${o.migrate} },` : ''}
    "scoring": { "fit": [{ "id": "a", "when": { "field": "email", "exists": true }, "points": 10, "reason": "r" }] ${o.stages ? `, "stages": ${o.stages}` : ''} }
    ${o.booking ? `, "after": { "booking": { "url": "https://cal.example/x", "params": ${o.booking} } }` : ''}
  }`;
}

let cases = 0;
afterAll(() => void process.stdout.write(`fuzz: ${cases} prototype-pollution cases (config slots × names, with visitor and host input)\n`));

describe('prototype pollution', () => {
  it(`${RUNS} cases: names every object has, in every slot, never change Object.prototype or throw`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(SLOTS)), fc.constantFrom(...NAMES), fc.constantFrom(...NAMES), async (slot, name, visitor) => {
        cases++;
        const parsed = parseForm(SLOTS[slot]!(name));
        expect(snapshot()).toBe(before);
        if (!parsed.ok) return;
        const page = createCairnPage({ storage: 'memory' });
        const session = page.mount(parsed.form, {
          deliver: async () => ({ ok: true }),
          urlParams: { [visitor]: 'x', email: 'a@b.test' },
          cookies: { [visitor]: 'y' },
          initialValues: JSON.parse(`{${JSON.stringify(visitor)}: "z"}`),
          profile: JSON.parse(`{${JSON.stringify(visitor)}: "p"}`),
        });
        const host = document.body.appendChild(document.createElement('div'));
        const view = mountForm(host, session);
        try {
          page.track(visitor);
          session.set('email', 'ada@acme.test');
          session.set(visitor, 'v');
          for (const f of session.currentFields.value) session.set(f.id, f.type == 'select' ? 'a' : visitor);
          const payload = session.buildPayload();
          scoreLead(parsed.form, JSON.parse(JSON.stringify(payload)));
          await session.submit();
        } finally {
          view.unmount();
          host.remove();
          session.destroy();
        }
        expect(snapshot()).toBe(before);
      }),
      { numRuns: RUNS },
    );
    expect(cases).toBeGreaterThanOrEqual(1_000);
  });
});
