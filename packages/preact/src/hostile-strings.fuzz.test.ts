// Issue 14, point 5: hostile strings. Script payloads, markup, `</script>`, bidi overrides, NUL,
// lone surrogates, 100 KB texts: through every text slot of a config (titles, labels, help,
// placeholders, option labels, the after view) and every answer. Parsed and mounted 10,000 times
// (the session answers, scores and builds the lead: nothing throws, the lead is JSON); a sample
// of 300 also rendered (happy-dom): every string lands as text — no element, attribute or URL the
// page would run. Prints its counts.
import { createCairnPage, parseForm, type FormConfig } from '@cairn/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mountForm } from './mount.js';

const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  "javascript:window.__pwned=1",
  '</script><script>window.__pwned=1</script>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '\u202Egnp.exe',
  'nul\u0000byte',
  'lone \uD800 surrogate',
  '&lt;b&gt;entity&lt;/b&gt;',
  '${window.__pwned=1}',
  "' OR 1=1 --",
];

const hostile = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE), weight: 10 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 10 },
  // at the length limit of a text, or past it (refused: 'too_big')
  { arbitrary: fc.constantFrom('x'.repeat(10_000), 'x'.repeat(100_000)), weight: 1 },
);
const RUNS = 10_000;
const RENDERED = 300;
let parsed = 0;
let rendered = 0;
afterAll(() => void process.stdout.write(`fuzz: ${parsed} hostile-string configs parsed, mounted and answered; ${rendered} rendered\n`));

const formWith = (t: string[]): unknown => ({
  id: 'hostile',
  version: 1,
  title: t[0],
  description: t[1],
  steps: [
    {
      id: 'one',
      title: t[2],
      fields: [
        { id: 'email', type: 'email', label: t[3], placeholder: t[4], help: t[5] },
        { id: 'plan', type: 'select', label: t[6], options: [{ value: 'a', label: t[7] }, { value: 'b', label: t[8] }] },
        { id: 'size', type: 'radio', label: t[9], options: [{ value: 'x', label: t[10] }] },
        { id: 'ok', type: 'consent', label: t[11] },
      ],
    },
  ],
  submit: { endpoint: '/leads' },
  labels: { submit: t[12], next: t[13] },
  after: { title: t[14], message: t[15] },
});

/** Anything in the rendered form a browser would run or load. */
function runnable(root: ShadowRoot): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (/^(script|iframe|img|object|embed|svg|link|style|base|meta)$/i.test(el.localName) && el.localName != 'style') found.push(`<${el.localName}>`);
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.localName}[${attr.name}]`);
      if (/^(href|src|action|formaction)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value)) found.push(`${el.localName}[${attr.name}=${attr.value}]`);
    }
  }
  return found;
}

describe('hostile strings', () => {
  it(`${RUNS} configs with hostile text in every slot and every answer: parsed, mounted, answered; ${RENDERED} rendered as text`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 16, maxLength: 16 }), fc.array(hostile, { minLength: 3, maxLength: 3 }), async (texts, answers) => {
        const result = parseForm(formWith(texts));
        if (!result.ok) {
          // only an empty (or blank) label, or a text past the limit, may be refused, and then with a path
          expect(result.errors.every((e) => e.path.length > 0 && (e.code == 'missing_label' || e.code == 'too_big'))).toBe(true);
          return;
        }
        parsed++;
        const page = createCairnPage({ storage: 'memory' });
        const session = page.mount(result.form as FormConfig, { deliver: async () => ({ ok: true }), urlParams: { email: answers[0]! }, cookies: { c: answers[1]! } });
        const render = rendered < RENDERED;
        const host = render ? document.body.appendChild(document.createElement('div')) : undefined;
        const view = host && mountForm(host, session);
        try {
          session.set('email', answers[0]);
          session.set('plan', answers[1]);
          session.set('size', answers[2]);
          expect(JSON.parse(JSON.stringify(session.buildPayload())).form.id).toBe('hostile');
          if (host) {
            rendered++;
            expect(runnable(host.shadowRoot!)).toEqual([]);
            const text = host.shadowRoot!.textContent ?? '';
            // the label is there as text, whatever it holds
            if (texts[3]!.trim()) expect(text).toContain(texts[3]!.trim().slice(0, 20).trim());
          }
          await session.submit();
          if (host) expect(runnable(host.shadowRoot!)).toEqual([]);
        } finally {
          view?.unmount();
          host?.remove();
          session.destroy();
        }
        expect((window as { __pwned?: number }).__pwned).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    expect(parsed).toBeGreaterThan(RUNS / 2);
  }, 120_000);
});
