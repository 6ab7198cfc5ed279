// Session creation as forms grow (issue 11, "Scale"): for 1,000 / 5,000 / 10,000 fields (75%
// conditional, the generator of visibility-bench.mjs), the structural check cairn.js runs before
// rendering (`checkFormShape`), creating the session, and one answer — each size cold, in a fresh
// Node process (what a page pays once), median of `--runs` processes (default 5).
// Run after a build: node packages/core/bench/scale-bench.mjs [--runs 5]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const SIZES = [1_000, 5_000, 10_000];
const at = process.argv.indexOf('--runs');
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 5;

if (process.argv[2] === '--one') {
  const { checkFormShape, createSession } = await import('../dist/entries/internal.js');
  const { generateForm } = await import('./generate-form.mjs');
  const n = Number(process.argv[3]);
  const { config } = generateForm({ fieldCount: n, conditionalCount: Math.round(n * 0.75), stepCount: Math.max(10, n / 50) });
  const json = JSON.parse(JSON.stringify(config)); // as it arrives: parsed JSON
  let t = performance.now();
  const checked = checkFormShape(json);
  const shape = performance.now() - t;
  if (!checked.ok) throw Error(`the generated form is not valid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
  t = performance.now();
  const session = createSession(checked.form, { urlParams: {}, cookies: {} }, { deliver: async () => ({ ok: true }), context: () => ({}), payload: () => ({}) });
  const create = performance.now() - t;
  t = performance.now();
  session.set('f0', 'a');
  const answer = performance.now() - t;
  console.log(JSON.stringify({ shape, create, answer }));
} else {
  const self = fileURLToPath(import.meta.url);
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const before = loadavg()[0];
  console.log(`Session creation, cold (a fresh Node ${process.version} process per measurement), median of ${RUNS}; load average ${before.toFixed(2)}\n`);
  console.log('| fields | checkFormShape | createSession | first answer | µs per field (shape + session) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const n of SIZES) {
    const runs = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [self, '--one', String(n)], { encoding: 'utf8' })));
    const [shape, create, answer] = ['shape', 'create', 'answer'].map((k) => median(runs.map((r) => r[k])));
    console.log(`| ${n.toLocaleString('en')} | ${shape.toFixed(1)} ms | ${create.toFixed(1)} ms | ${answer.toFixed(2)} ms | ${(((shape + create) / n) * 1e3).toFixed(1)} |`);
  }
  console.log(`\nload average after: ${loadavg()[0].toFixed(2)}`);
}
