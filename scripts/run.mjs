// Small helpers shared by the repo scripts (test, demo, bench, build): run a command, make sure
// dependencies and Chromium are there. Node built-ins only, so they work on a fresh machine with
// nothing but Node 20 and npm.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The pnpm release this repo uses, read from `packageManager` in the root package.json (the one
 * place it is written; a `+sha…` suffix is ignored). Run through npx, so nothing but npm is needed.
 */
export function pnpmVersion() {
  const { packageManager } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const match = /^pnpm@([^+\s]+)/.exec(packageManager ?? '');
  if (!match) throw new Error(`package.json: "packageManager" should be "pnpm@<version>", found ${JSON.stringify(packageManager)}`);
  return match[1];
}

export const PNPM = ['npx', '--yes', `pnpm@${pnpmVersion()}`];

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function mustRun(cmd, args, options) {
  const status = run(cmd, args, options);
  if (status !== 0) {
    console.error(`\n✖ ${[cmd, ...args].join(' ')} exited with ${status}`);
    process.exit(status);
  }
}

/** Runs pnpm (the packageManager release) with these arguments; exits on failure. No shell: globs reach pnpm as written. */
export function pnpm(args, options) {
  mustRun(PNPM[0], [...PNPM.slice(1), ...args], options);
}

/**
 * Installs exactly what pnpm-lock.yaml says. pnpm decides whether anything is missing from its own
 * state (node_modules/.pnpm-workspace-state*.json, .modules.yaml), so an install that was cut
 * short is finished here rather than mistaken for a complete one; when all is in place this takes
 * about a second. One try: a failure is reported, not hidden behind retries.
 */
export function ensureDependencies() {
  console.log(`Dependencies (pnpm ${pnpmVersion()} via npx, frozen lockfile)…`);
  pnpm(['install', '--frozen-lockfile']);
}

/** Browser tests need Chromium. Debian's package is the only browser this network can reach. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium from Debian packages for the browser tests…');
    mustRun('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
    if (existsSync(CHROMIUM)) return;
  }
  console.error(
    `Chromium not found at ${CHROMIUM}. Install it (Debian/Ubuntu: sudo apt-get install chromium) ` +
      'or point CAIRN_CHROMIUM at a Chromium/Chrome binary.',
  );
  process.exit(1);
}

/** Type-checks every project once, in dependency order (tsconfig.json's references). */
export function typecheck() {
  mustRun(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b']);
}

/** Builds every package that has a build script (pnpm runs them in dependency order). */
export function build() {
  pnpm(['-r', '--filter', './packages/**', 'run', 'build']);
}
