// Build the npm page of the browser tests (packages/embed/test/npm-page/entry.ts: `createForm` from
// @cairn/core mounted by @cairn/preact's `mountForm`, no script tag) into
// packages/embed/test/npm-page/dist/ when it is missing or older than its sources. Like
// build-embed.mjs: Vite in a process of its own, in production mode, bundling the packages' sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './build-embed.mjs';

export const NPM_PAGE_DIR = join(ROOT, 'packages', 'embed', 'test', 'npm-page');
export const NPM_PAGE_DIST = join(NPM_PAGE_DIR, 'dist');
/** The bundle's entry file, as built. */
export const NPM_PAGE_JS = join(NPM_PAGE_DIST, 'npm-page.js');

/** What the bundle is built from (the page's folder without its dist/, this file, the shared Vite settings). */
const BUILD_INPUTS = ['packages/core/src', 'packages/preact/src', 'packages/embed/vite.shared.ts', 'packages/embed/test/npm-page', 'scripts/browser/build-npm-page.mjs'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || /\.test(-d)?\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** @returns {boolean} whether the bundle exists and is newer than every source it is built from */
export function npmPageIsFresh() {
  if (!existsSync(NPM_PAGE_JS)) return false;
  const inputs = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(ROOT, input))));
  return statSync(NPM_PAGE_JS).mtimeMs >= inputs;
}

/**
 * Build the npm page unless it is fresh; throws with the build output when the build fails.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {string} the path of npm-page.js
 */
export function ensureNpmPageBuilt(options = {}) {
  if (npmPageIsFresh()) return NPM_PAGE_JS;
  options.log?.('Building packages/embed/test/npm-page/dist/npm-page.js …');
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '-c', join(NPM_PAGE_DIR, 'vite.config.ts')], {
    cwd: NPM_PAGE_DIR,
    // A production build even when started from Vitest (NODE_ENV=test), as an npm user ships it.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0) throw new Error(`building the npm page failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return NPM_PAGE_JS;
}

/**
 * Builds the npm page if needed and returns every file of its dist/ as it is now, by name (a
 * snapshot: a rebuild during the run cannot serve a page half of one build).
 * @returns {Record<string, Buffer>}
 */
export function npmPageSnapshot() {
  ensureNpmPageBuilt();
  /** @type {Record<string, Buffer>} */
  const files = {};
  for (const name of readdirSync(NPM_PAGE_DIST)) files[name] = readFileSync(join(NPM_PAGE_DIST, name));
  return files;
}
