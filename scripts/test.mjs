// `npm test`: everything, on a fresh machine with only Node 20 and npm.
// Installs dependencies and Chromium if missing, type-checks, builds the
// packages (the browser tests run against the built cairn.js), runs every
// Vitest project and ends with one summary line: "tests: N passed, N failed".
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureDependencies, mustRun, root, run } from './run.mjs';

// The README's own commands, through npm, so a broken script entry fails here first.
/** Runs a step and says how long it took (docs/testing.md quotes these). */
const step = (name, fn) => {
  console.log(`\n— ${name}`);
  const started = Date.now();
  fn();
  console.log(`— ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

step('install (pnpm, Chromium)', () => (ensureDependencies(), ensureChromium()));
step('npm run typecheck', () => mustRun('npm', ['run', '--silent', 'typecheck']));
step('npm run build', () => mustRun('npm', ['run', '--silent', 'build']));

console.log('\n— tests');
const reportDir = path.join(root, '.test-results');
mkdirSync(reportDir, { recursive: true });
const report = path.join(reportDir, 'vitest.json');
const extra = process.argv.slice(2);
const testsStarted = Date.now();
// Vitest straight from node_modules, with this script's arguments (e.g. a file to run).
const status = run(process.execPath, [
  path.join(root, 'node_modules/vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

console.log(`— tests took ${((Date.now() - testsStarted) / 1000).toFixed(1)} s`);

let summary = 'tests: 0 passed, 0 failed';
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  summary = `tests: ${json.numPassedTests} passed, ${json.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : '');
  if (json.numFailedTestSuites > 0 && json.numFailedTests === 0) {
    summary += ` (${json.numFailedTestSuites} test files failed to run)`;
  }
} catch {
  summary += ' (no report: the test run did not finish)';
}
console.log(`\n${summary}`);
process.exit(status);
