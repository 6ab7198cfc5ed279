// Visibility re-evaluation per answer on a 200-field form with 150 conditional fields.
// Budget (docs/benchmarks.md): median ≤ 20 µs per answer in Node.
// Run from packages/core after a build:
//   npx tsc -p tsconfig.build.json && node bench/visibility-bench.mjs
import { createForm } from '../dist/index.js';
import { createVisibility, evaluateCondition } from '../dist/entries/conditions.js';
import { emptySignals, recordEvent, recordPageView } from '../dist/entries/behaviour.js';
import { generateForm } from './generate-form.mjs';

const WARMUP = 20_000; // answers, to let the JIT settle
const SAMPLES = 4_000;
const BATCH = 8; // answers per timed sample: well above hrtime's resolution and overhead

const { config, fields, answers } = generateForm();
const conditional = fields.filter((f) => f.when).length;

/**
 * Answers a visitor could give: each to a field visible at that moment (tracked on
 * a shadow instance that sees the same answers as the measured one). With `only`,
 * answers go to those fields alone (e.g. the hub questions many conditions read).
 */
function visitorAnswers(count, only) {
  const shadow = createVisibility(config);
  const out = [];
  while (out.length < count) {
    const [answer] = answers(1);
    if (only && !only.includes(answer[0])) continue;
    if (!shadow.isFieldVisible(answer[0])) continue;
    shadow.set(answer[0], answer[1]);
    out.push(answer);
  }
  return out;
}

/** Applies `seq` in order: the first WARMUP answers untimed, then SAMPLES timed batches. Returns sorted µs per answer. */
function measure(seq, apply) {
  for (let k = 0; k < WARMUP; k++) apply(seq[k]);
  const perAnswer = new Float64Array(SAMPLES);
  for (let s = 0; s < SAMPLES; s++) {
    const from = WARMUP + s * BATCH;
    const start = process.hrtime.bigint();
    for (let k = from; k < from + BATCH; k++) apply(seq[k]);
    perAnswer[s] = Number(process.hrtime.bigint() - start) / 1000 / BATCH;
  }
  return perAnswer.sort();
}
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Naive baseline: after each answer, re-evaluate every condition in document order
 *  (conditions read earlier fields, so one pass is exact). */
function naive() {
  const raw = new Map();
  const effective = new Map();
  const read = (_kind, key) => effective.get(key);
  const visible = new Map();
  const fullPass = () => {
    for (const step of config.steps) {
      const stepShown = !step.when || evaluateCondition(step.when, read);
      for (const f of step.fields) {
        const shown = stepShown && (!f.when || evaluateCondition(f.when, read));
        visible.set(f.id, shown);
        effective.set(f.id, shown ? raw.get(f.id) : undefined);
      }
    }
  };
  fullPass();
  return {
    visible,
    set([id, value]) {
      raw.set(id, value);
      fullPass();
    },
  };
}

/**
 * The same form with a realistic scoring model (16 fit rules over the hub questions and others,
 * 3 intent rules over behaviour, stages, routes), scored live after every answer (`scoreLive`,
 * started by createForm) — and a variant whose last step shows only to MQLs (`score` facts in a
 * condition: every score change re-checks the conditions).
 */
const hub = (i, value, points) => ({ id: `hub-${i}-${value}`, when: { field: `f${i}`, equals: value }, points, reason: `Hub ${i} is ${value}` });
const scoring = {
  fit: [
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => hub(i, 'a', 10)),
    ...[0, 1, 2, 3].map((i) => hub(i, 'e', -5)),
    { id: 'many', when: { field: 'f21', gte: 3 }, points: 15, reason: 'Many' },
    { id: 'mix', when: { all: [{ field: 'f9', exists: true }, { any: [{ field: 'f10', equals: 'b' }, { field: 'f11', contains: 'c' }] }] }, points: 12, reason: 'Mix' },
    { id: 'long', when: { field: 'f30', exists: true }, points: 5, reason: 'Answered 30' },
    { id: 'not', when: { not: { field: 'f12', in: ['a', 'b'] } }, points: 3, reason: 'Not a or b' },
  ],
  intent: [
    { id: 'pricing', when: { signal: 'pricing.views', gte: 2 }, points: 30, reason: 'Pricing twice' },
    { id: 'paper', when: { signal: 'whitepaper.count', gte: 1 }, points: 20, reason: 'Whitepaper' },
    { id: 'back', when: { signal: 'visits.count', gte: 2 }, points: 10, reason: 'Came back' },
  ],
  stages: { sql: { fit: 70, intent: 50 }, mql: { fit: 40, intent: 30 } },
  routes: [{ when: { score: 'stage', equals: 'sql' }, route: 'ae', priority: 'high' }, { when: { score: 'grade', in: ['A1', 'A2', 'B1', 'B2'] }, route: 'sdr' }, { route: 'nurture' }],
};
const T0 = Date.UTC(2026, 0, 1);
let behaviour = [T0, T0 + 60e3, T0 + 40 * 60e3].reduce((s, at) => recordPageView(s, { path: '/pricing', at }, { pricing: '/pricing*' }), emptySignals());
behaviour = recordEvent(behaviour, 'whitepaper', T0 + 41 * 60e3);
const scoredConfig = { ...config, signals: { pages: { pricing: '/pricing*' } }, scoring };
const last = config.steps[config.steps.length - 1];
const gatedConfig = { ...scoredConfig, steps: [...config.steps.slice(0, -1), { ...last, when: { score: 'stage', equals: 'mql' } }] };
const scoredForm = (cfg) => createForm(cfg, { deliver: async () => ({ ok: true }), context: () => ({}), signals: () => behaviour, now: () => new Date(T0 + 864e5) });

const TOTAL = WARMUP + SAMPLES * BATCH;
const scenarios = [
  ['answers to visible fields', visitorAnswers(TOTAL)],
  ['answers to the 8 hub questions (max fan-out)', visitorAnswers(TOTAL, fields.slice(0, 8).map((f) => f.id))],
];

console.log(`Node ${process.version} (${process.platform} ${process.arch})`);
console.log(
  `Form: ${fields.length} fields, ${conditional} conditional, ${config.steps.length} steps (2 conditional); ` +
    `${SAMPLES} samples × ${BATCH} answers after ${WARMUP} warm-up answers; µs per answer`,
);
const row = (name, sorted) =>
  `  ${name.padEnd(40)} median ${quantile(sorted, 0.5).toFixed(2).padStart(6)}   p95 ${quantile(sorted, 0.95).toFixed(2).padStart(6)}`;

for (const [name, seq] of scenarios) {
  const vis = createVisibility(config);
  const tracked = measure(seq, ([id, value]) => vis.set(id, value));
  // The whole session path a renderer calls: coercion, visibility, signals, errors, change event.
  const form = createForm(config, { deliver: async () => ({ ok: true }), context: () => ({}) });
  form.on('change', () => {});
  const session = measure(seq, ([id, value]) => form.set(id, value));
  // ... and when a renderer re-reads the whole `values` record after each answer (rebuilt lazily).
  const reader = createForm(config, { deliver: async () => ({ ok: true }), context: () => ({}) });
  const withValues = measure(seq, ([id, value]) => {
    reader.set(id, value);
    reader.values.value;
  });
  const scoredSession = scoredForm(scoredConfig);
  scoredSession.on('change', () => {});
  const scored = measure(seq, ([id, value]) => scoredSession.set(id, value));
  const gatedSession = scoredForm(gatedConfig);
  const gated = measure(seq, ([id, value]) => gatedSession.set(id, value));
  const base = naive();
  const full = measure(seq, base.set);

  // The evaluations a fresh instance spends on the same answers, and a correctness check against the baseline.
  const probe = createVisibility(config);
  const before = probe.evaluations;
  for (const [id, value] of seq) probe.set(id, value);
  const perAnswer = (probe.evaluations - before) / seq.length;
  const mismatches = fields.filter((f) => probe.isFieldVisible(f.id) !== base.visible.get(f.id)).length;

  console.log(`${name}:`);
  console.log(row('createVisibility(...).set (tracked)', tracked));
  console.log(row('createForm(...).set (session)', session));
  console.log(row('  + reading form.values after each', withValues));
  console.log(row('  + live score (19 rules, 3 routes)', scored));
  console.log(row('  + live score, a step gated on the score', gated));
  console.log(row('naive full re-evaluation', full));
  console.log(
    `  conditions evaluated per answer: tracked ${perAnswer.toFixed(1)}, naive ${conditional + 2}; ` +
      `final visibility vs naive: ${mismatches === 0 ? 'identical' : `${mismatches} MISMATCHES`}`,
  );
  if (mismatches > 0) process.exitCode = 1;
}
