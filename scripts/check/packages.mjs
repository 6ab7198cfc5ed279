// The packages as they are published: which ones, built, packed with pnpm (which rewrites
// `workspace:*` ranges and applies `publishConfig`), and the child processes the packaging tests
// and the release script run. Node built-ins only (and the repo's own build helpers).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureEmbedBuilt } from '../browser/build-embed.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The pnpm release of `packageManager` in the root package.json, as `npx` arguments (never
 * hard-coded here: scripts/run.mjs reads it the same way).
 * @returns {string[]}
 */
export function pnpmCommand() {
  const { packageManager } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const match = /^pnpm@([^+\s]+)/.exec(packageManager ?? '');
  if (!match) throw new Error(`package.json: "packageManager" should be "pnpm@<version>", found ${JSON.stringify(packageManager)}`);
  return ['npx', '--yes', `pnpm@${match[1]}`];
}

/**
 * @typedef {{ name: string, version: string, private?: boolean, exports?: Record<string, unknown>,
 *   publishConfig?: { access?: string, exports?: Record<string, unknown> }, files?: string[],
 *   dependencies?: Record<string, string>, peerDependencies?: Record<string, string>,
 *   devDependencies?: Record<string, string>, [key: string]: unknown }} Manifest
 * @typedef {{ name: string, dir: string, manifest: Manifest }} PublicPackage
 */

/**
 * Every package under packages/ that is published (not `"private": true`), in dependency order
 * (core, then preact, then embed: a package after the ones it depends on).
 * @returns {PublicPackage[]}
 */
export function publicPackages() {
  const dir = path.join(ROOT, 'packages');
  /** @type {PublicPackage[]} */
  const found = [];
  for (const entry of readdirSync(dir).sort()) {
    const file = path.join(dir, entry, 'package.json');
    if (!existsSync(file)) continue;
    /** @type {Manifest} */
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (!manifest.private) found.push({ name: manifest.name, dir: path.join(dir, entry), manifest });
  }
  const names = new Set(found.map((p) => p.name));
  /** @type {PublicPackage[]} */
  const ordered = [];
  const visit = (/** @type {PublicPackage} */ p) => {
    if (ordered.includes(p)) return;
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      if (names.has(dep)) visit(/** @type {PublicPackage} */ (found.find((q) => q.name === dep)));
    }
    ordered.push(p);
  };
  found.forEach(visit);
  return ordered;
}

/** @param {string} file @returns {number} the newest mtime under `file` (tests excluded) */
function newestMtime(file) {
  if (!existsSync(file)) return 0;
  const stats = statSync(file);
  if (!stats.isDirectory()) return /\.test(-d)?\.tsx?$/.test(file) ? 0 : stats.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((entry) => newestMtime(path.join(file, entry))));
}

/**
 * Builds what the tarballs ship when it is missing or older than its sources: @cairn/core and
 * @cairn/preact with tsc (tsconfig.build.json), @cairn/embed with its own build
 * (scripts/browser/build-embed.mjs). After `npm run build` (as in `npm test`) nothing is rebuilt,
 * so no other test sees its dist/ rewritten under it.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<void>}
 */
export async function ensurePackagesBuilt(options = {}) {
  for (const pkg of ['core', 'preact']) {
    const dir = path.join(ROOT, 'packages', pkg);
    const built = path.join(dir, 'dist', 'index.js');
    const sources = Math.max(newestMtime(path.join(dir, 'src')), newestMtime(path.join(dir, 'tsconfig.build.json')));
    if (existsSync(built) && statSync(built).mtimeMs >= sources) continue;
    options.log?.(`Building packages/${pkg}/dist (tsc) …`);
    await mustExec(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir });
  }
  ensureEmbedBuilt(options);
}

/**
 * Packs every public package with pnpm into `dest` (`pnpm pack`: `workspace:*` becomes the
 * version, `publishConfig` overrides apply). Returns each package's tarball path by name.
 * @param {string} dest
 * @returns {Promise<Record<string, string>>}
 */
export async function packPackages(dest) {
  const [npx, ...pnpm] = pnpmCommand();
  /** @type {Record<string, string>} */
  const tarballs = {};
  for (const { name, dir } of publicPackages()) {
    const { stdout } = await mustExec(/** @type {string} */ (npx), [...pnpm, 'pack', '--json', '--pack-destination', dest], { cwd: dir, env: cleanEnv() });
    const { filename } = JSON.parse(stdout.slice(stdout.indexOf('{')));
    tarballs[name] = path.isAbsolute(filename) ? filename : path.join(dest, path.basename(filename));
    if (!existsSync(tarballs[name])) throw new Error(`pnpm pack of ${name} reported ${filename}, which is not in ${dest}`);
  }
  return tarballs;
}

/** npm settings a user or CI gives through the environment that say how to reach the registry: kept. */
const NETWORK_SETTINGS = /^npm_config_(registry|cache|cafile|ca|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl)$/i;

/**
 * The environment of a child process outside the repo: this one's, without what `npm test` /
 * `npm run` / Vitest add — npm's settings of the repo run (npm_config_local_prefix would make npm
 * treat the repo as the project; npm_config_user_agent tells pnpm and yarn that npm runs them),
 * INIT_CWD, NODE_ENV=test (with NODE_ENV=production npm would skip devDependencies; with `test`
 * Vite would not build for production), Vitest's own variables. How to reach the registry
 * (registry, proxy, CA, cache) is kept.
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function cleanEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !NETWORK_SETTINGS.test(key)) continue;
    if (/^(pnpm_|PNPM_|YARN_|yarn_|VITEST|INIT_CWD$|NODE_ENV$|TEST$|NODE_OPTIONS$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * @typedef {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} ExecOptions
 * @typedef {{ command: string, status: number | null, signal: string | null, stdout: string, stderr: string, ms: number }} ExecResult
 */

/**
 * Runs a command without a shell and collects its output; never throws for an exit status.
 * A command still running after `timeoutMs` (default 5 minutes) is killed with its process group.
 * @param {string} cmd @param {string[]} args @param {ExecOptions} [options]
 * @returns {Promise<ExecResult>}
 */
export function exec(cmd, args, options = {}) {
  const started = Date.now();
  const command = [cmd, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 300_000);
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n[killed after ${options.timeoutMs ?? 300_000} ms]`;
      resolve({ command, status, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * `exec`, failing with the command's whole output unless it exits 0.
 * @param {string} cmd @param {string[]} args @param {ExecOptions} [options]
 * @returns {Promise<ExecResult>}
 */
export async function mustExec(cmd, args, options = {}) {
  const result = await exec(cmd, args, options);
  if (result.status !== 0) {
    throw new Error(`${result.command} (in ${options.cwd ?? ROOT}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/**
 * `exports` as published: the repo-only "@cairn/source" condition (it points at ./src, which is
 * not shipped) taken out of every entry.
 * @param {Record<string, unknown>} exports
 * @returns {Record<string, unknown>}
 */
export function withoutSourceCondition(exports) {
  return Object.fromEntries(
    Object.entries(exports).map(([key, value]) => {
      if (!value || typeof value !== 'object') return [key, value];
      const { ['@cairn/source']: _source, ...rest } = /** @type {Record<string, unknown>} */ (value);
      return [key, rest];
    }),
  );
}
