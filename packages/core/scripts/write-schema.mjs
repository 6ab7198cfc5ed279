// Writes form.schema.json and src/schema/form-shape.generated.ts from the built
// package (run `tsc -p tsconfig.build.json` first; `pnpm schema` does both).
// Plain Node, no TypeScript runner needed.
import { writeFileSync } from 'node:fs';
import { formJsonSchema } from '../dist/schema/json-schema.js';
import { formShapeModule, laterShapeModule } from '../dist/schema/form-shape.js';

const write = (path, text) => {
  const file = new URL(path, import.meta.url);
  writeFileSync(file, text);
  console.log(`wrote ${file.pathname}`);
};

write('../form.schema.json', `${JSON.stringify(formJsonSchema(), null, 2)}\n`);
// formShapeModule() throws if the descriptor uses a keyword checkShape does not implement.
write('../src/schema/form-shape.generated.ts', formShapeModule());
write('../src/schema/form-shape-later.generated.ts', laterShapeModule());
