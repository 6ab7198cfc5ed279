import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import type { FieldValue } from '../model/values.js';
import type { FormConfig } from '../schema/form-schema.js';
import { parseForm } from '../schema/parse-form.js';
import { recordEvent, recordFormAbandon, recordFormStart, recordPageView } from '../behaviour/record.js';
import { emptySignals } from '../behaviour/signals.js';
import { chooseAfter } from '../after/choose-after.js';
import { leadFacts } from './lead-facts.js';
import { withScore } from './score.js';
import { scoreLead } from './score-lead.js';

/**
 * Browser and Node give the same score, to the bit: a fixed corpus of generated leads
 * (a seeded generator, no Math.random) is scored and compared with the committed
 * results in __fixtures__/score-corpus.json. This file runs in happy-dom;
 * score.corpus.node.test.ts runs it again in Node — both must match the same file.
 * After an intended change of the scoring rules, regenerate it with
 * `CAIRN_UPDATE_CORPUS=1 npx vitest run --project unit packages/core/src/scoring/score.corpus.test.ts`.
 */

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = resolve(here, '__fixtures__/score-corpus.json');
const parsed = parseForm(readFileSync(resolve(here, '__fixtures__/scored-form.json'), 'utf8'));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const FORM: FormConfig = parsed.form;

/** mulberry32: a small seeded generator, the same sequence everywhere. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const NOW = Date.UTC(2026, 5, 15, 8, 30);
const DAY = 86_400_000;
const EMAILS = ['ann@acme.com', 'bob@mail.bigcorp.co.uk', 'c@gmail.com', 'd@hotmail.de', 'e@mit.edu', 'f@student.uni-x.de', 'spy@eu.rival.com', 'g@yopmail.com', 'not-an-email', ''];
const PATHS = ['/', '/pricing', '/pricing/enterprise', '/docs/start', '/docs/api', '/blog/x', '/about'];
const EVENTS = ['whitepaper', 'webinar', 'Whitepaper', 'pricing-calculator'];

const cases = (n: number) => {
  const r = random(20260615);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  return Array.from({ length: n }, () => {
    const answers: Record<string, FieldValue> = {};
    if (r() < 0.9) answers.email = pick(EMAILS);
    if (r() < 0.7) answers.company_size = pick(['1-49', '50-999', '1000+']);
    if (r() < 0.7) answers.role = pick(['engineer', 'manager', 'vp', 'student']);
    if (r() < 0.7) answers.country = pick(['US', 'US', 'DE', 'other']);
    if (r() < 0.5) answers.tools = ['crm', 'bi', 'erp'].filter(() => r() < 0.5);
    if (r() < 0.5) answers.first_name = pick(['Ann', 'José María', 'Zoë & Co', '李']);
    const profile = r() < 0.3 ? { size: { value: pick(['1-49', '50-999', '1000+']), learnedAt: '2026-01-01T00:00:00.000Z', source: { form: 'x', page: '/' } } } : undefined;
    // activity over the last 90 days, in time order, at odd milliseconds
    let signals = emptySignals();
    const times = Array.from({ length: Math.floor(r() * 40) }, () => NOW - Math.floor(r() * 90 * DAY)).sort((a, b) => a - b);
    for (const at of times) {
      const kind = r();
      if (kind < 0.6) signals = recordPageView(signals, { path: pick(PATHS), at }, FORM.signals!.pages);
      else if (kind < 0.8) signals = recordEvent(signals, pick(EVENTS), at);
      else if (kind < 0.95) signals = recordFormStart(signals, 'demo-request', at);
      else signals = recordFormAbandon(signals, 'demo-request', at);
    }
    return { answers, profile, context: { signals }, submittedAt: new Date(NOW - Math.floor(r() * 3 * DAY)).toISOString() };
  });
};

const results = () =>
  cases(400).map((lead) => {
    const score = scoreLead(FORM, JSON.parse(JSON.stringify(lead)));
    const now = Date.parse(lead.submittedAt);
    const after = chooseAfter(FORM.after, withScore(leadFacts(FORM, { answers: lead.answers, profile: lead.profile, signals: lead.context.signals }, now).read, score));
    return { score, after };
  });

test(`the committed corpus of scores (${typeof document === 'undefined' ? 'Node' : 'happy-dom'})`, () => {
  const all = results();
  const text = JSON.stringify(all);
  const digest = createHash('sha256').update(text).digest('hex');
  const fixture = { cases: all.length, digest, sample: all.slice(0, 12) };
  if (process.env.CAIRN_UPDATE_CORPUS) writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 1)}\n`);
  const committed = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  // the sample first: a readable diff when something changed
  expect(JSON.parse(JSON.stringify(fixture.sample))).toEqual(committed.sample);
  expect(fixture.digest).toBe(committed.digest);
  // the corpus is meaningful: many grades, stages, routes and after choices, decayed points
  expect(new Set(all.map((x) => x.score.grade)).size).toBeGreaterThan(8);
  expect(new Set(all.map((x) => x.score.stage))).toEqual(new Set(['lead', 'mql', 'sql']));
  expect(new Set(all.map((x) => x.score.route))).toEqual(new Set(['ae-us', 'ae-row', 'sdr', 'nurture']));
  expect(new Set(all.map((x) => x.after?.title ?? x.after?.message)).size).toBe(3);
  expect(all.some((x) => x.score.reasons.some((r) => r.dimension === 'intent' && !Number.isInteger(r.points)))).toBe(true);
});
