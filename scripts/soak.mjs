#!/usr/bin/env node
// `node scripts/soak.mjs [--runs 5] [--load 1]`: the whole `npm test`, several times back to back,
// on a fresh clone of HEAD, with `--load` CPU-bound busy loops running beside it the whole time
// (a loaded 2-core machine, as CI can be). Prints one line per run and a Markdown table for
// docs/testing.md. Ends only the load processes it started, by pid.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './run.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const runs = arg('runs', 5);
const load = arg('load', 1);

const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const dir = mkdtempSync(path.join(tmpdir(), 'cairn-soak-'));
// Each run's whole output is kept (the clone is not): a failure can be read afterwards.
const logs = path.join(tmpdir(), `cairn-soak-logs-${head}-${Date.now()}`);
mkdirSync(logs, { recursive: true });
const clone = path.join(dir, 'cairn');
spawnSync('git', ['clone', '--quiet', root, clone], { stdio: 'inherit' });

const loaders = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
const rows = [];
try {
  for (let run = 1; run <= runs; run++) {
    const started = Date.now();
    const result = spawnSync('npm', ['test'], { cwd: clone, encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 30 });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const output = `${result.stdout}\n${result.stderr}`;
    const summary = output.match(/^tests: .*$/m)?.[0] ?? '(no summary line)';
    const phases = [...output.matchAll(/^— (.+?) took ([\d.]+) s$/gm)].map((m) => `${m[1]} ${m[2]} s`).join(', ');
    writeFileSync(path.join(logs, `run-${run}.log`), output);
    const failed = [...new Set([...output.matchAll(/^\s*(?:FAIL|×)\s+(.+?)\s*(?:\d+ms)?$/gm)].map((m) => m[1]))];
    const retried = [...output.matchAll(/\[timing\] ([^:]+): attempt (\d+) of (\d+)/g)].map((m) => `${m[1]} (attempt ${m[2]})`);
    rows.push({ run, status: result.status, seconds, summary, phases, retried, failed });
    console.log(`run ${run}/${runs}: exit ${result.status}, ${seconds} s, ${summary}; ${phases}; timing retries: ${retried.length ? retried.join('; ') : 'none'}`);
    for (const name of failed) console.log(`  failed: ${name}`);
  }
} finally {
  for (const loader of loaders) loader.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\n${runs} × npm test on a fresh clone of ${head}, ${load} busy loop(s) beside it (logs: ${logs}):\n`);
console.log('| run | exit | time | summary | phases | timing preconditions missed (retried) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.run} | ${r.status} | ${r.seconds} s | ${r.summary} | ${r.phases} | ${r.retried.length ? r.retried.join('; ') : 'none'} |`);
process.exit(rows.every((r) => r.status === 0) ? 0 : 1);
