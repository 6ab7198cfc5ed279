#!/usr/bin/env node
// Where do the embed's bytes go? Builds, in memory and with the package's own Vite configs:
// 1. a ladder of smaller entries (minified IIFE, like cairn.js), so the cost of each layer is the
//    difference between two rungs;
// 2. cairn.js itself (the package's real build, build/build.mjs), broken down by package and by
//    file through its source map;
// 3. the later chunks, and the functions cairn.js hands them instead of their bundling them again.
// Every size is gzip -9 unless it says "min".
//
//   node packages/embed/scripts/size-report.mjs
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { buildEmbed } from '../build/build.mjs';

const embed = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Virtual entries live "in" packages/preact/src so they resolve preact, @preact/signals-core and @cairn/core like the renderer does.
const virtualDir = join(embed, '..', 'preact', 'src');

const RUNGS = [
  ['preact + @preact/signals-core (the runtime floor; the renderer uses no preact/hooks)', `import { render, h, Component } from 'preact'; import { signal, computed, effect } from '@preact/signals-core'; x(render, h, Component, signal, computed, effect);`],
  ['@cairn/core checkFormShape (the zod-free structural check cairn.js runs)', `import { checkFormShape } from '@cairn/core/internal'; x(checkFormShape);`],
  ['@cairn/core createSession (session, visibility, validation, profiling plan)', `import { createSession } from '@cairn/core/internal'; x(createSession);`],
  ['@cairn/core checkFormShape + createSession', `import { checkFormShape, createSession } from '@cairn/core/internal'; x(checkFormShape, createSession);`],
  ['+ @cairn/preact mountForm + renderNotice', `import { checkFormShape, createSession } from '@cairn/core/internal'; import { mountForm, renderNotice } from '@cairn/preact'; x(checkFormShape, createSession, mountForm, renderNotice);`],
];

const gzip = (text) => gzipSync(text, { level: 9 }).length;

/**
 * @param {{ code?: string, config?: string }} [entry] `code`: an entry's source (a rung);
 *   otherwise the real entry of `config` (vite.config.ts: cairn.js).
 */
async function measure({ code, config = 'vite.config.ts' } = {}) {
  const id = join(virtualDir, '__size_entry.ts');
  const result = await build({
    configFile: join(embed, config),
    root: embed,
    logLevel: 'silent',
    build: {
      write: false,
      sourcemap: !code,
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
  const text = chunk.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
  return { text, map: chunk.map, min: text.length, gzip: gzip(text) };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The minified text of each source, from a source map: every generated segment, up to the next
 * one, is charged to the source it maps to.
 * @returns {Map<string, string>}
 */
function textBySource(code, map) {
  const lines = code.split('\n');
  const by = new Map();
  let source = 0;
  map.mappings.split(';').forEach((line, index) => {
    let column = 0;
    const segments = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push([column, values.length > 1 ? map.sources[source] : '(bundler glue)']);
    }
    const text = lines[index] ?? '';
    segments.forEach(([start, name], i) => {
      by.set(name, (by.get(name) ?? '') + text.slice(start, i + 1 < segments.length ? segments[i + 1][0] : text.length));
    });
  });
  return by;
}

/** `../../core/src/session/create-form.ts` → `@cairn/core  session/create-form.ts` */
function nameOf(source) {
  const path = source.replaceAll('\\', '/');
  const dep = /node_modules\/(?!\.pnpm)((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (dep) return [dep[1], dep[2]];
  const own = /(?:^|\/)(core|preact|embed)\/src\/(.*)$/.exec(path) ?? (/^\.\.\/src\/(.*)$/.exec(path) && ['', 'embed', path.slice(7)]);
  if (own) return [`@cairn/${own[1]}`, own[2]];
  return [path, ''];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`.padStart(9);

console.log('The ladder (each rung is a minified IIFE; a layer costs the difference between rungs)');
console.log('  gzip -9        min   entry');
let previous;
for (const [name, code] of RUNGS) {
  previous = await measure({ code });
  console.log(`${kb(previous.gzip)}  ${kb(previous.min)}   ${name}`);
}
process.env.NODE_ENV = 'production';
const real = await buildEmbed({ write: false });
const textOf = (chunk) => chunk.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
const full = { text: textOf(real.cairnJs), map: real.cairnJs.map, min: textOf(real.cairnJs).length, gzip: gzip(textOf(real.cairnJs)) };
console.log(`${kb(full.gzip)}  ${kb(full.min)}   cairn.js (+ auto-mount, <cairn-form>, Cairn.mount, errors)`);
console.log(`${kb(full.gzip - previous.gzip)}  ${kb(full.min - previous.min)}   = the embed layer (packages/embed/src) in cairn.js`);

/**
 * A chunk by package and by file. A file's gzip share is estimated: its minified text gzipped on
 * its own, scaled so the shares add up to the real total (gzip compresses across files).
 * `byFolder`: files of our own packages grouped by their folder (for the bigger later chunks).
 */
function breakDown(title, chunk, { byFolder = false } = {}) {
  const text = textOf(chunk);
  const total = gzip(text);
  const files = [...textBySource(text, chunk.map)].map(([source, part]) => {
    const [pkg, file] = nameOf(source);
    return { pkg, file: byFolder && pkg.startsWith('@cairn/') ? file.replace(/\/[^/]*$/, '/') : file, min: part.length, alone: gzip(part) };
  });
  const scale = total / files.reduce((sum, f) => sum + f.alone, 0);
  const packages = new Map();
  for (const f of files) {
    const p = packages.get(f.pkg) ?? { min: 0, alone: 0, files: new Map() };
    p.min += f.min;
    p.alone += f.alone;
    const entry = p.files.get(f.file) ?? { file: f.file, min: 0, alone: 0 };
    entry.min += f.min;
    entry.alone += f.alone;
    p.files.set(f.file, entry);
    packages.set(f.pkg, p);
  }
  console.log(`\n${title} by package and ${byFolder ? 'folder' : 'file'} (gzip share estimated)`);
  console.log('  ~gzip        min');
  for (const [pkg, p] of [...packages].sort((a, b) => b[1].alone - a[1].alone)) {
    console.log(`${kb(p.alone * scale)}  ${kb(p.min)}   ${pkg}`);
    const list = [...p.files.values()];
    if (list.length > 1 || list[0].file) {
      for (const f of list.sort((a, b) => b.alone - a.alone)) console.log(`${kb(f.alone * scale)}  ${kb(f.min)}     ${f.file}`);
    }
  }
  console.log(`${kb(total)}  ${kb(text.length)}   ${title}`);
}

breakDown('cairn.js', real.cairnJs);

console.log('\nLater chunks (cairn-later.js right after the form is interactive; cairn-diagnostics.js only for a broken config)');
for (const chunk of real.later) console.log(`${kb(gzip(textOf(chunk)))}  ${kb(textOf(chunk).length)}   ${chunk.fileName}`);
for (const chunk of real.later) if (chunk.fileName != 'cairn-diagnostics.js') breakDown(chunk.fileName, chunk, { byFolder: true });

console.log('\nShared modules: functions cairn.js carries and hands to the later chunks (build/shared-modules.mjs)');
for (const [id, names] of real.shared) console.log(`  ${nameOf(id).join('  ')}: ${names.join(', ')}`);
