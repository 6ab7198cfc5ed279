// Runs a TypeScript benchmark file with Vite's module runner (Node 20 cannot strip types, and
// the shared browser helpers in scripts/browser are TypeScript). Installs dependencies first on
// a fresh clone, like the other repo scripts.
//
//   node packages/embed/bench/run-ts.mjs packages/embed/bench/tti-bench.ts
import { resolve } from 'node:path';
import { ensureDependencies } from '../../../scripts/run.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node packages/embed/bench/run-ts.mjs <file.ts>');
  process.exit(2);
}
ensureDependencies();
const { runnerImport } = await import('vite');
await runnerImport(resolve(file), { configFile: false, logLevel: 'warn' });
