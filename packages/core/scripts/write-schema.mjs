// Writes form.schema.json from the built package (run `tsc -p tsconfig.build.json` first;
// `pnpm schema` does both). Plain Node, no TypeScript runner needed.
import { writeFileSync } from 'node:fs';
import { formJsonSchema } from '../dist/schema/json-schema.js';

const file = new URL('../form.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(formJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
