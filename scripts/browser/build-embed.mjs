// Build packages/embed/dist/cairn.js and the chunks it loads from beside itself (cairn-later.js,
// cairn-diagnostics.js) when either is missing or older than its sources.
// Used by the browser tests (so they always run against what the sources produce) and by
// `npm run demo`. The embed build bundles @cairn/core and @cairn/preact from their sources,
// so it does not need their tsc output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBED_FILES } from '../../packages/embed/build/files.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CAIRN_JS = join(ROOT, 'packages', 'embed', 'dist', 'cairn.js');
export const DIAGNOSTICS_JS = join(ROOT, 'packages', 'embed', 'dist', 'cairn-diagnostics.js');
/** What cairn.js loads right after a form is interactive: whole-form config rules, payload, delivery. */
export const LATER_JS = join(ROOT, 'packages', 'embed', 'dist', 'cairn-later.js');
/** Every file of the embed build, by the URL path a test server serves it at (`/cairn.js` …): build/files.mjs. */
export const EMBED_PATHS = Object.fromEntries(EMBED_FILES.map((name) => [`/${name}`, join(ROOT, 'packages', 'embed', 'dist', name)]));


/** What the bundles are built from: when any is newer than either bundle, both are rebuilt. */
const BUILD_INPUTS = [
  'packages/core/src',
  'packages/preact/src',
  'packages/embed/src',
  'packages/embed/vite.config.ts',
  'packages/embed/vite.diagnostics.config.ts',
  'packages/embed/vite.later.config.ts',
  'packages/embed/vite.shared.ts',
  'packages/embed/build',
  'packages/embed/package.json',
];

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (/\.test(-d)?\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** @returns {boolean} whether cairn.js and cairn-diagnostics.js exist and are newer than every source they are built from */
export function embedIsFresh() {
  const outputs = Object.values(EMBED_PATHS);
  if (!outputs.every((file) => existsSync(file))) return false;
  const inputs = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(ROOT, input))));
  return Math.min(...outputs.map((file) => statSync(file).mtimeMs)) >= inputs;
}

/**
 * Build cairn.js and cairn-diagnostics.js unless both are fresh. Throws with the build output
 * when a build fails.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {string} the path of cairn.js
 */
export function ensureEmbedBuilt(options = {}) {
  if (embedIsFresh()) return CAIRN_JS;
  options.log?.(`Building packages/embed/dist/ (${EMBED_FILES.join(', ')}) …`);
  // The package's own build (what `npm run build` runs): cairn.js, then the chunks linked to it.
  const result = spawnSync(process.execPath, [join('build', 'build.mjs')], {
    cwd: join(ROOT, 'packages', 'embed'),
    // A production build even when started from Vitest (NODE_ENV=test): the file the tests run is the one we ship.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.status !== 0) {
    throw new Error(`building the embed (packages/embed/build/build.mjs) failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return CAIRN_JS;
}
