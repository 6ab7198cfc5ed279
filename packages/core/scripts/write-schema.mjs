// Writes form.schema.json and src/schema/generated/form-shape*.generated.ts from the built package (run
// `tsc -p tsconfig.build.json` first; `npm run schema` at the root does both). With `--check`,
// writes nothing and exits 1 when a file differs from what the schema generates.
// Plain Node, no TypeScript runner needed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { formJsonSchema } from '../dist/schema/json-schema.js';
import { formShapes, LATER_KEYS } from '../dist/schema/form-shape.js';
import { formShapeModule, laterShapeModule } from './shape-modules.mjs';

const check = process.argv.includes('--check');
const stale = [];

const write = (path, text) => {
  const file = new URL(path, import.meta.url);
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(file.pathname);
    return;
  }
  writeFileSync(file, text);
  console.log(`wrote ${file.pathname}`);
};

write('../form.schema.json', `${JSON.stringify(formJsonSchema(), null, 2)}\n`);
// formShapes() throws if a descriptor uses a keyword checkShape does not implement.
const shapes = formShapes();
write('../src/schema/generated/form-shape.generated.ts', formShapeModule(shapes, LATER_KEYS));
write('../src/schema/generated/form-shape-later.generated.ts', laterShapeModule(shapes, LATER_KEYS));

if (check) {
  if (stale.length) {
    console.error(`Out of date (run \`npm run schema\`):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('form.schema.json and the shape descriptors are up to date.');
}
