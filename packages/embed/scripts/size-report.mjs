#!/usr/bin/env node
// Where do cairn.js's bytes go? Builds the embed's entry and a ladder of smaller entries with
// the same Vite config (minified IIFE, in memory) and prints each one's gzip -9 size, so the
// cost of each layer is the difference between two rungs.
//
//   node packages/embed/scripts/size-report.mjs
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const embed = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Virtual entries live "in" packages/preact/src so they resolve preact, @preact/signals and @cairn/core like the renderer does.
const virtualDir = join(embed, '..', 'preact', 'src');

const RUNGS = [
  ['preact + hooks + @preact/signals (the runtime floor)', `import { render, h } from 'preact'; import { useState, useEffect, useRef } from 'preact/hooks'; import { signal, computed, effect, useComputed } from '@preact/signals'; x(render, h, useState, useEffect, useRef, signal, computed, effect, useComputed);`],
  ['zod/mini: the form schema alone', `import { FormSchema } from '@cairn/core'; x((v) => FormSchema.safeParse(v));`],
  ['@cairn/core parseForm + formatConfigErrors', `import { parseForm, formatConfigErrors } from '@cairn/core'; x(parseForm, formatConfigErrors);`],
  ['@cairn/core createForm (session, validation, payload, post)', `import { createForm } from '@cairn/core'; x(createForm);`],
  ['@cairn/core parseForm + createForm', `import { parseForm, formatConfigErrors, createForm } from '@cairn/core'; x(parseForm, formatConfigErrors, createForm);`],
  ['+ @cairn/preact mountForm + renderNotice', `import { parseForm, formatConfigErrors, createForm } from '@cairn/core'; import { mountForm, renderNotice } from '@cairn/preact'; x(parseForm, formatConfigErrors, createForm, mountForm, renderNotice);`],
];

/** @param {string | undefined} code an entry's source, or undefined for the real src/index.ts */
async function measure(code) {
  const id = join(virtualDir, '__size_entry.ts');
  const result = await build({
    configFile: join(embed, 'vite.config.ts'),
    root: embed,
    logLevel: 'silent',
    build: {
      write: false,
      sourcemap: false,
      ...(code ? { lib: { entry: id, formats: ['iife'], name: 'SizeRung', fileName: () => 'rung.js' } } : {}),
    },
    plugins: code
      ? [
          {
            name: 'size-rung',
            enforce: 'pre',
            resolveId: (source) => (source === id ? id : undefined),
            load: (loaded) => (loaded === id ? `const x = (...a) => { globalThis.__keep = a; };\n${code}` : undefined),
          },
        ]
      : [],
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunk = outputs.find((o) => o.type === 'chunk');
  return { min: chunk.code.length, gzip: gzipSync(chunk.code, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`.padStart(9);
console.log('gzip -9    minified   entry');
for (const [name, code] of RUNGS) {
  const { min, gzip } = await measure(code);
  console.log(`${kb(gzip)}  ${kb(min)}   ${name}`);
}
const full = await measure(undefined);
console.log(`${kb(full.gzip)}  ${kb(full.min)}   cairn.js (src/index.ts: + auto-mount, <cairn-form>, Cairn.mount, errors)`);
