// `npm test`: everything, on a fresh machine with only Node 20 and npm.
// Installs dependencies and Chromium if missing, type-checks, builds the
// packages (the browser tests run against the built cairn.js), runs every
// Vitest project and ends with one summary line: "tests: N passed, N failed".
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium, ensureDependencies, mustRun, root, run } from './run.mjs';

ensureDependencies();
ensureChromium();

// The README's own commands, through npm, so a broken script entry fails here first.
console.log('\n— npm run typecheck');
mustRun('npm', ['run', '--silent', 'typecheck']);

console.log('\n— npm run build');
mustRun('npm', ['run', '--silent', 'build']);

console.log('\n— tests');
const reportDir = path.join(root, '.test-results');
mkdirSync(reportDir, { recursive: true });
const report = path.join(reportDir, 'vitest.json');
const extra = process.argv.slice(2);
// Vitest straight from node_modules, with this script's arguments (e.g. a file to run).
const status = run(process.execPath, [
  path.join(root, 'node_modules/vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

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
