// `npm run bench`: builds @cairn/core and runs the benchmarks whose figures
// are quoted in docs/benchmarks.md. Benchmarks report numbers; they do not pass or fail.
import path from 'node:path';
import { ensureDependencies, mustRun, root } from './run.mjs';

ensureDependencies();
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
mustRun('node', [tsc, '-p', 'packages/core/tsconfig.build.json']);
mustRun('node', ['packages/core/bench/visibility-bench.mjs']);
mustRun('node', ['packages/core/bench/scale-bench.mjs']);
mustRun('node', ['packages/bench/engine-bench.mjs']);
