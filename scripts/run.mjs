// Small helpers shared by the repo scripts (test, demo, bench): run a command,
// make sure dependencies and Chromium are there. Node built-ins only, so they
// work on a fresh machine with nothing but Node 20 and npm.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PNPM = ['npx', '--yes', 'pnpm@12.21.0'];
export const CHROMIUM = process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium';

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

export function ensureDependencies() {
  if (existsSync(path.join(root, 'node_modules', '.pnpm'))) return;
  // pnpm 12 also resolves its own platform binaries on install; the registry has been seen to
  // answer that lookup with a passing 404 (ERR_PNPM_BAD_CONFIG_DEP). Try again before giving up.
  for (let attempt = 1; attempt <= 3; attempt++) {
    console.log(`Installing dependencies (pnpm via npx)${attempt > 1 ? `, attempt ${attempt} of 3` : ''}…`);
    if (run(PNPM[0], [...PNPM.slice(1), 'install']) === 0) return;
  }
  console.error('\n✖ pnpm install failed three times.');
  process.exit(1);
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

export function build() {
  // The same registry flake can hit any pnpm start (it resolves its platform binary first): a
  // build that fails is tried again, twice, before it counts as failed (a real failure fails fast).
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (run(PNPM[0], [...PNPM.slice(1), '-r', '--filter', './packages/**', 'run', 'build']) === 0) return;
    if (attempt < 3) console.log(`\nBuild failed; trying again (attempt ${attempt + 1} of 3)…`);
  }
  console.error('\n✖ the build failed three times.');
  process.exit(1);
}
