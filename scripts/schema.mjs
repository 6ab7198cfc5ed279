// `npm run schema`: regenerates packages/core/form.schema.json and the shape descriptors from the
// zod schema. `npm run schema -- --check` writes nothing and exits 1 when a file is out of date.
import path from 'node:path';
import { ensureDependencies, mustRun, root } from './run.mjs';

ensureDependencies();
mustRun(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'packages/core/tsconfig.build.json']);
mustRun(process.execPath, ['packages/core/scripts/write-schema.mjs', ...process.argv.slice(2)]);
