#!/usr/bin/env node
// The embed's build (`pnpm --filter @cairn/embed build`, and so `npm run build`): dist/cairn.js
// (vite.config.ts) and the chunks it loads later from beside itself, cairn-later.js and
// cairn-diagnostics.js, with the modules cairn.js carries handed over instead of bundled twice
// (build/shared-modules.mjs). Two passes: each file on its own, to learn what cairn.js carries and
// what each chunk needs of it; then cairn.js handing over exactly those bindings, and the chunks
// linked to them. Then dist/cairn.module.js (the npm entry, handed the same bindings) and
// dist/types/ (its declarations).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { EMBED_FILES } from './files.mjs';
import { carriedBy, handOver, linkFrom, neededBy } from './shared-modules.mjs';

const embed = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CAIRN_JS = 'vite.config.ts';
const LATER_CHUNKS = ['vite.later.config.ts', 'vite.diagnostics.config.ts'];
/** `import '@cairn/embed'` (dist/cairn.module.js): cairn.js as an ES module, for apps with a bundler. */
const CAIRN_MODULE = 'vite.module.config.ts';

/**
 * @param {string} configFile
 * @param {import('vite').Plugin | undefined} plugin
 * @param {'learn' | 'memory' | 'write'} mode `learn`: only which modules and exports the file
 *   carries (not minified); `memory`: the real file, not written; `write`: the real file, in dist/
 * @returns {Promise<import('rolldown').OutputChunk[]>}
 */
async function run(configFile, plugin, mode) {
  const result = await build({
    configFile: join(embed, configFile),
    root: embed,
    mode: 'production',
    logLevel: mode === 'write' ? 'warn' : 'silent',
    build: {
      ...(mode === 'write' ? {} : { write: false, emptyOutDir: false }),
      ...(mode === 'learn' ? { minify: false, sourcemap: false } : {}),
      // The terser pass is slow by design; no need to be told on every build.
      rolldownOptions: { checks: { pluginTimings: false }, ...(mode === 'learn' ? { output: { minify: false } } : {}) },
    },
    plugins: plugin ? [plugin] : [],
  });
  return (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk');
}

/**
 * @param {{ write?: boolean }} [options] `write: false` builds in memory only (the size report)
 * @returns {Promise<{ shared: import('./shared-modules.mjs').SharedList, cairnJs: import('rolldown').OutputChunk, later: import('rolldown').OutputChunk[], module: import('rolldown').OutputChunk }>}
 */
export async function buildEmbed({ write = true } = {}) {
  const [carried] = await run(CAIRN_JS, undefined, 'learn');
  const offered = carriedBy(carried);
  const needs = [];
  for (const config of LATER_CHUNKS) needs.push(neededBy(offered, await run(config, undefined, 'learn')));
  const shared = neededBy(offered, needs.map((need) => ({ modules: Object.fromEntries([...need].map(([id, names]) => [id, { renderedExports: names }])) })));
  const mode = write ? 'write' : 'memory';
  const [cairnJs] = await run(CAIRN_JS, handOver(shared), mode);
  const later = [];
  for (const [n, config] of LATER_CHUNKS.entries()) {
    const chunks = await run(config, linkFrom(shared, needs[n]), mode);
    const twice = bundledTwice(offered, needs[n], chunks);
    if (twice.length) throw new Error(`${config}: these functions of cairn.js are bundled again instead of linked:\n  ${twice.join('\n  ')}`);
    later.push(...chunks);
  }
  const [module] = await run(CAIRN_MODULE, handOver(shared), mode);
  if (write) writeTypes();
  const written = [cairnJs, ...later].map((chunk) => chunk.fileName);
  if (written.join() != EMBED_FILES.join()) {
    throw new Error(`the embed build wrote ${written.join(', ')}; build/files.mjs lists ${EMBED_FILES.join(', ')} (the test servers, the demo and the deploy docs serve that list): update it.`);
  }
  return { shared, cairnJs, later, module };
}

/**
 * Functions cairn.js carries that a later chunk still bundles itself (anywhere but in a stub):
 * none, unless the linking in build/shared-modules.mjs missed one.
 * @param {import('./shared-modules.mjs').SharedList} offered
 * @param {import('./shared-modules.mjs').SharedList} stubs
 * @param {import('rolldown').OutputChunk[]} chunks
 */
function bundledTwice(offered, stubs, chunks) {
  return chunks.flatMap((chunk) =>
    Object.entries(chunk.modules).flatMap(([id, module]) => {
      if (stubs.has(id)) return [];
      const carried = offered.get(id.replace(/\?cairn-own$/, '')) ?? [];
      return module.renderedExports.filter((name) => carried.includes(name)).map((name) => `${name} (${id})`);
    }),
  );
}

/**
 * dist/types/: the declarations of `import '@cairn/embed'` (tsconfig.build.json). Written by every
 * build that writes dist/ (the Vite build empties it first), so a rebuild by a test keeps them.
 */
function writeTypes() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(embed, 'tsconfig.build.json')], { cwd: embed, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${result.stdout}${result.stderr}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // A production build even when started from Vitest (NODE_ENV=test): the file the tests run is the one we ship.
  process.env.NODE_ENV = 'production';
  const { shared } = await buildEmbed();
  const bindings = [...shared.values()].reduce((sum, names) => sum + names.length, 0);
  console.log(`cairn.js hands ${bindings} bindings of ${shared.size} modules to its later chunks`);
}
