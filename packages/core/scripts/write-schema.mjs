// Writes form.schema.json and src/schema/generated/form-shape*.generated.ts from the built package (run
// `tsc -p tsconfig.build.json` first; `npm run schema` at the root does both), and lead.schema.json
// from the TypeScript source of the lead's types (src/payload/lead-payload.ts: `LeadPayload`, with
// its doc comments as descriptions), so the payload's types and its schema cannot drift. With
// `--check`, writes nothing and exits 1 when a file differs from what the sources generate.
// Plain Node, no TypeScript runner needed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';
import { formJsonSchema, LEAD_SCHEMA_ID } from '../dist/schema/json-schema.js';
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
write('../lead.schema.json', `${JSON.stringify(leadJsonSchema(), null, 2)}\n`);
// formShapes() throws if a descriptor uses a keyword checkShape does not implement.
const shapes = formShapes();
write('../src/schema/generated/form-shape.generated.ts', formShapeModule(shapes, LATER_KEYS));
write('../src/schema/generated/form-shape-later.generated.ts', laterShapeModule(shapes, LATER_KEYS));

/** The JSON Schema of `cairn.lead/1`, from the `LeadPayload` interface (draft-07: what the generator writes). */
function leadJsonSchema() {
  const generated = createGenerator({
    path: fileURLToPath(new URL('../src/payload/lead-payload.ts', import.meta.url)),
    tsconfig: fileURLToPath(new URL('../tsconfig.build.json', import.meta.url)),
    type: 'LeadPayload',
    skipTypeCheck: true,
    sortProps: true,
    // A receiver checking leads with this schema must accept the fields a later cairn.lead/1 adds (extend, never rename).
    additionalProperties: true,
  }).createSchema('LeadPayload');
  const { $schema, $ref, definitions } = generated;
  return {
    $schema,
    $id: LEAD_SCHEMA_ID,
    title: 'Cairn lead (cairn.lead/1)',
    description: 'The lead a receiver gets from Cairn: answers, what is known about the visitor, the score with its reasons, and the page context. Documented in docs/payload.md.',
    $ref,
    definitions,
  };
}

if (check) {
  if (stale.length) {
    console.error(`Out of date (run \`npm run schema\`):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('form.schema.json, lead.schema.json and the shape descriptors are up to date.');
}
