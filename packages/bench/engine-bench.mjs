// One answer, Cairn's engine against SurveyJS's, on the same 200-field form with 150 conditional
// fields (issue 11, "per-answer engine time vs SurveyJS, with a same-visibility check"), in Node,
// lock-step: every answer is given to both, and after every answer both must show the same fields.
//
// The form is written so that both products' documented semantics agree: every condition reads
// only the 8 unconditional "hub" questions (select, number, checkboxes), so Cairn's rule that a
// hidden field's value counts as absent never comes into play (SurveyJS keeps hidden values).
// Operators: equals, in, gt, lte, contains, all, any, not — and their SurveyJS translations.
// Two steps are conditional (a page `visibleIf` in SurveyJS).
//
// Run after a build of @cairn/core: node packages/bench/engine-bench.mjs [--answers 20000]
// (part of `npm run bench`). Figures: docs/benchmarks.md "One answer: Cairn against SurveyJS".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';
import { createForm } from '../core/dist/index.js';
import { mulberry32 } from '../core/bench/generate-form.mjs';

const require = createRequire(import.meta.url);
const { Model, settings } = require('survey-core');
// (its package.json is not exported: read it beside the resolved entry)
const surveyPackage = (dir) => (readFileSync(join(dir, 'package.json'), 'utf8').includes('"name": "survey-core"') ? dir : surveyPackage(dirname(dir)));
const { version: surveyVersion } = JSON.parse(readFileSync(join(surveyPackage(dirname(require.resolve('survey-core'))), 'package.json'), 'utf8'));

const at = process.argv.indexOf('--answers');
const ANSWERS = at > 0 ? Number(process.argv[at + 1]) : 20_000;
const WARMUP = Math.min(5_000, ANSWERS / 4);
const CHOICES = ['a', 'b', 'c', 'd', 'e'];

const random = mulberry32(7);
const pick = (list) => list[Math.floor(random() * list.length)];

// The 8 hubs: select ×4, number ×2, checkboxes ×2. Then 192 fields, 150 of them conditional.
const HUB_TYPES = ['select', 'select', 'select', 'select', 'number', 'number', 'checkboxes', 'checkboxes'];
const fields = HUB_TYPES.map((type, i) => ({ id: `f${i}`, type, label: `Hub ${i}`, ...(type !== 'number' && { options: CHOICES }) }));
const leaf = () => {
  const hub = fields[Math.floor(random() * 8)];
  if (hub.type === 'select') return random() < 0.5 ? { field: hub.id, equals: pick(CHOICES) } : { field: hub.id, in: [pick(CHOICES), pick(CHOICES)] };
  if (hub.type === 'number') return random() < 0.5 ? { field: hub.id, gt: Math.floor(random() * 100) } : { field: hub.id, lte: Math.floor(random() * 100) };
  return { field: hub.id, contains: pick(CHOICES) };
};
for (let i = 8; i < 200; i++) {
  const field = { id: `f${i}`, type: 'text', label: `Question ${i}` };
  if (i - 8 < 150) {
    const shape = i % 4;
    field.when = shape === 0 ? leaf() : shape === 1 ? { all: [leaf(), leaf()] } : shape === 2 ? { any: [leaf(), leaf(), leaf()] } : { not: leaf() };
  }
  fields.push(field);
}
const steps = Array.from({ length: 10 }, (_, s) => ({ id: `step${s}`, fields: fields.slice(s * 20, (s + 1) * 20) }));
steps[4].when = { field: 'f0', notEquals: 'e' };
steps[7].when = { field: 'f1', in: ['a', 'b', 'c'] };
const config = { id: 'engine', version: 1, steps, submit: { endpoint: 'https://example.test/lead' } };

/** A Cairn condition as a SurveyJS expression. */
const q = (v) => `'${v}'`;
function expression(c) {
  if (c.all) return c.all.map((x) => `(${expression(x)})`).join(' and ');
  if (c.any) return c.any.map((x) => `(${expression(x)})`).join(' or ');
  if (c.not) return `!(${expression(c.not)})`;
  const f = `{${c.field}}`;
  if ('equals' in c) return `${f} = ${q(c.equals)}`;
  if ('notEquals' in c) return `${f} <> ${q(c.notEquals)}`;
  if ('in' in c) return `${f} anyof [${c.in.map(q).join(', ')}]`;
  if ('gt' in c) return `${f} > ${c.gt}`;
  if ('lte' in c) return `${f} <= ${c.lte}`;
  if ('contains' in c) return `${f} contains ${q(c.contains)}`;
  throw Error(`no translation for ${JSON.stringify(c)}`);
}
const surveyType = { select: 'dropdown', number: 'text', checkboxes: 'checkbox', text: 'text' };
const surveyJson = {
  pages: steps.map((s) => ({
    name: s.id,
    ...(s.when && { visibleIf: expression(s.when) }),
    elements: s.fields.map((f) => ({
      type: surveyType[f.type],
      name: f.id,
      title: f.label,
      ...(f.type === 'number' && { inputType: 'number' }),
      ...(f.options && { choices: f.options }),
      ...(f.when && { visibleIf: expression(f.when) }),
    })),
  })),
};

/** Answers to hubs (which flip visibility) and to ordinary fields, as a visitor would give them. */
function answer() {
  const f = random() < 0.5 ? fields[Math.floor(random() * 8)] : fields[8 + Math.floor(random() * 192)];
  if (random() < 0.1) return [f.id, undefined];
  if (f.type === 'select') return [f.id, pick(CHOICES)];
  if (f.type === 'number') return [f.id, Math.floor(random() * 120)];
  if (f.type === 'checkboxes') return [f.id, CHOICES.filter(() => random() < 0.4)];
  return [f.id, pick(['hello', 'ok', 'x-ray'])];
}

settings.animationEnabled = false;
const cairn = createForm(config, { deliver: async () => ({ ok: true }), urlParams: {}, cookies: {} });
const survey = new Model(surveyJson);
const stepOf = new Map(steps.flatMap((s) => s.fields.map((f) => [f.id, s])));
const cairnShows = (id) => cairn.isVisible(id) && cairn.visibleSteps.peek().includes(stepOf.get(id));
const surveyShows = (id) => {
  const question = survey.getQuestionByName(id);
  return question.isVisible && question.page.isVisible;
};

const timesCairn = new Float64Array(ANSWERS);
const timesSurvey = new Float64Array(ANSWERS);
let mismatches = 0;
let firstMismatch;
for (let n = 0; n < ANSWERS + WARMUP; n++) {
  const [id, value] = answer();
  // alternate who goes first, so neither always runs on a warmer cache
  const order = n % 2 ? ['cairn', 'survey'] : ['survey', 'cairn'];
  const took = {};
  for (const who of order) {
    const t = performance.now();
    if (who === 'cairn') cairn.set(id, value);
    else survey.setValue(id, value);
    took[who] = performance.now() - t;
  }
  if (n < WARMUP) continue;
  timesCairn[n - WARMUP] = took.cairn;
  timesSurvey[n - WARMUP] = took.survey;
  // the same-visibility check, every 10th answer (it costs more than the answers)
  if (n % 10 === 0)
    for (const f of fields)
      if (cairnShows(f.id) !== surveyShows(f.id)) {
        mismatches++;
        firstMismatch ??= `${f.id} after ${id} = ${JSON.stringify(value)}: Cairn ${cairnShows(f.id)}, SurveyJS ${surveyShows(f.id)}`;
      }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const us = (ms) => `${(ms * 1e3).toFixed(1)} µs`;
console.log(
  `\nOne answer on a 200-field form (150 conditional), Cairn vs SurveyJS ${surveyVersion}, Node ${process.version}, ` +
    `${ANSWERS} answers after ${WARMUP} warm-up, lock-step; load average ${loadavg()[0].toFixed(2)}\n`,
);
console.log('| engine | median | p95 |');
console.log('| --- | --- | --- |');
console.log(`| Cairn \`createForm(...).set\` | ${us(median(timesCairn))} | ${us(p95(timesCairn))} |`);
console.log(`| SurveyJS \`survey.setValue\` | ${us(median(timesSurvey))} | ${us(p95(timesSurvey))} |`);
console.log(`\nSurveyJS / Cairn, median: ${(median(timesSurvey) / median(timesCairn)).toFixed(0)}×`);
console.log(`same visibility: ${mismatches === 0 ? 'identical' : `${mismatches} MISMATCHES, first: ${firstMismatch}`}`);
if (mismatches) process.exitCode = 1;
