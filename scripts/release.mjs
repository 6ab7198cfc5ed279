// `npm run release`: publishes every public package (packages/*, not "private") to npm.
//
// The release flow (docs/install.md, "Releasing"):
//   1. each change that users should hear about adds a changeset: `npm run changeset`
//      (.changeset/*.md: which packages, patch/minor/major, one line for the changelog);
//   2. `npm run version-packages` (changeset version) bumps the versions — @cairn/core,
//      @cairn/preact and @cairn/embed move together (.changeset/config.json "fixed") — and
//      writes each package's CHANGELOG.md; commit that;
//   3. `npm run release` builds, packs each package with pnpm (`workspace:*` ranges become the
//      version, `publishConfig` applies: the repo-only "@cairn/source" condition is left out) and
//      runs `npm publish <tarball>` for each version not on the registry yet, then tags it
//      (`changeset tag`).
//
//   node scripts/release.mjs --dry-run            everything but the upload and the tags: no login
//                                                 and no network needed (what `npm test` checks)
//   node scripts/release.mjs --dry-run --no-build --out <dir>
//                                                 without building first; keep the tarballs in <dir>
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec, mustExec, packPackages, publicPackages, ROOT } from './check/packages.mjs';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const build = !args.includes('--no-build');
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? path.resolve(/** @type {string} */ (args[outAt + 1])) : mkdtempSync(path.join(tmpdir(), 'cairn-release-'));
mkdirSync(out, { recursive: true });

const say = (line) => console.log(line);

if (build) {
  say('— npm run build');
  await mustExec('npm', ['run', '--silent', 'build'], { timeoutMs: 900_000 }).then((r) => process.stdout.write(r.stdout));
}

say(`— pnpm pack → ${out}`);
const tarballs = await packPackages(out);

let failed = 0;
for (const { name, manifest } of publicPackages()) {
  const tarball = /** @type {string} */ (tarballs[name]);
  if (!dryRun) {
    // Already on the registry (a release that stopped half way, or a package that did not change): skip it.
    const known = await exec('npm', ['view', `${name}@${manifest.version}`, 'version'], { timeoutMs: 60_000 });
    if (known.status === 0 && known.stdout.trim() === manifest.version) {
      say(`— ${name}@${manifest.version} is on the registry already: skipped`);
      continue;
    }
  }
  say(`— npm publish ${path.relative(ROOT, tarball).startsWith('..') ? tarball : path.relative(ROOT, tarball)}${dryRun ? ' --dry-run' : ''}`);
  const result = await exec('npm', ['publish', tarball, '--access', 'public', ...(dryRun ? ['--dry-run'] : [])], { timeoutMs: 300_000 });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) {
    failed++;
    console.error(`✖ npm publish of ${name}@${manifest.version} exited with ${result.status ?? result.signal}`);
  }
}

if (!dryRun && failed === 0) {
  say('— changeset tag');
  const tag = await exec(process.execPath, [path.join(ROOT, 'node_modules', '@changesets', 'cli', 'bin.js'), 'tag']);
  process.stdout.write(tag.stdout + tag.stderr);
}

say(failed ? `release: ${failed} package(s) failed` : `release${dryRun ? ' (dry run)' : ''}: ${publicPackages().length} packages, tarballs in ${out}`);
process.exit(failed ? 1 : 0);
