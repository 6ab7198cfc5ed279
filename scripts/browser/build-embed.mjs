// Build packages/embed/dist/cairn.js when it is missing or older than its sources.
// Used by the browser tests (so they always run against what the sources produce) and by
// `npm run demo`. The embed build bundles @cairn/core and @cairn/preact from their sources,
// so it does not need their tsc output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CAIRN_JS = join(ROOT, 'packages', 'embed', 'dist', 'cairn.js');

/** What cairn.js is built from: when any is newer than the bundle, it is rebuilt. */
const BUILD_INPUTS = [
  'packages/core/src',
  'packages/preact/src',
  'packages/embed/src',
  'packages/embed/vite.config.ts',
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

/** @returns {boolean} whether cairn.js exists and is newer than every source it is built from */
export function embedIsFresh() {
  if (!existsSync(CAIRN_JS)) return false;
  const inputs = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(ROOT, input))));
  return statSync(CAIRN_JS).mtimeMs >= inputs;
}

/**
 * Build cairn.js unless it is fresh. Throws with the build output when the build fails.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {string} the path of cairn.js
 */
export function ensureEmbedBuilt(options = {}) {
  if (embedIsFresh()) return CAIRN_JS;
  options.log?.('Building packages/embed/dist/cairn.js …');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(ROOT, 'packages', 'embed'),
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) {
    throw new Error(`building cairn.js failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return CAIRN_JS;
}
