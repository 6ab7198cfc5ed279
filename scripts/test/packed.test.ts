// The packages as published, checked on the very tarballs the release flow makes: the release
// script in dry run (`node scripts/release.mjs --dry-run`: pnpm pack of every public package, then
// `npm publish <tarball> --dry-run`, which needs no login and no network), then on each tarball
// publint (package.json against the files shipped), @arethetypeswrong/cli (TypeScript resolves every
// entry to its types as Node and bundlers resolve it) and what the packed package.json says.
//
// ESM only, decided (docs/install.md): every entry a program imports has an "import" condition and
// a "require" one that throws "… is ESM-only: use import …" (esm-only.cjs, with types of its own).
// attw runs with `--profile esm-only`: `node10` (no "exports" support) and `node16` from CommonJS
// are not resolutions an ESM-only package serves; any other problem fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePackagesBuilt, exec, publicPackages, ROOT, withoutSourceCondition, type Manifest } from '../check/packages.mjs';

const ATTW = path.join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const PACKAGES = publicPackages().map((p) => p.name);
/**
 * Exports that are files a page loads by URL or a bundler copies (the script tag and the chunks it
 * loads beside itself), not modules a program imports: they have no types, and attw skips them.
 */
const FILE_EXPORTS: Record<string, string[]> = {
  '@cairn/embed': ['./cairn.js', './cairn-later.js', './cairn-page-engine.js', './cairn-diagnostics.js'],
};

let work: string;
let release: Awaited<ReturnType<typeof exec>>;
/** Package name → its tarball, and the tarball's files unpacked (under `<work>/unpacked/<name>/package`). */
const tarballs: Record<string, string> = {};
const unpacked: Record<string, string> = {};

beforeAll(async () => {
  await ensurePackagesBuilt({ log: console.log });
  work = mkdtempSync(path.join(tmpdir(), 'cairn-packed-'));
  const out = path.join(work, 'tarballs');
  release = await exec(process.execPath, [path.join(ROOT, 'scripts', 'release.mjs'), '--dry-run', '--no-build', '--out', out], { timeoutMs: 240_000 });
  for (const file of readdirSync(out)) {
    const name = PACKAGES.find((n) => file === `${n.slice(1).replace('/', '-')}-${manifestOf(n).version}.tgz`);
    if (!name) continue;
    tarballs[name] = path.join(out, file);
    const dir = path.join(work, 'unpacked', file);
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', dir]);
    const tar = spawnSync('tar', ['-xzf', tarballs[name], '-C', dir], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar -xzf ${tarballs[name]}: ${tar.stderr}`);
    unpacked[name] = path.join(dir, 'package');
  }
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function manifestOf(name: string): Manifest {
  return publicPackages().find((p) => p.name === name)!.manifest;
}

const packedManifest = (name: string): Manifest => JSON.parse(readFileSync(path.join(unpacked[name]!, 'package.json'), 'utf8'));

/** Every file of an unpacked tarball, relative to its root. */
function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** The exports entries a program imports (they have an "import" condition), by subpath. */
function importedEntries(exports: Record<string, unknown> | undefined): [string, Record<string, unknown>][] {
  return Object.entries(exports ?? {}).filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object' && 'import' in e[1]);
}

describe('the release flow, in dry run', () => {
  it('packs every public package with pnpm and npm-publishes each tarball (--dry-run): no login, exit 0', () => {
    expect(release.stderr + release.stdout, 'node scripts/release.mjs --dry-run --no-build').toContain('release (dry run)');
    expect(release.status, release.stdout + release.stderr).toBe(0);
    expect([...PACKAGES].sort()).toEqual(['@cairn/core', '@cairn/embed', '@cairn/preact', '@cairn/react', '@cairn/vue']);
    for (const name of PACKAGES) {
      expect(tarballs[name], `the tarball of ${name}`).toBeDefined();
      // npm prints `+ name@version` for a publish it would make
      expect(release.stdout).toContain(`+ ${name}@${manifestOf(name).version}`);
    }
    // scoped packages are private on npm unless published with public access
    expect(release.stderr.match(/with tag latest and public access \(dry-run\)/g)?.length).toBe(PACKAGES.length);
    expect(release.stderr).not.toMatch(/auto-corrected|npm error/i);
  });

  it('has a changelog per package and a changesets config that versions the three packages together', () => {
    const config = JSON.parse(readFileSync(path.join(ROOT, '.changeset', 'config.json'), 'utf8'));
    expect(config.fixed.map((group: string[]) => [...group].sort())).toEqual([[...PACKAGES].sort()]);
    expect(config.access).toBe('public');
    for (const name of PACKAGES) {
      const changelog = readFileSync(path.join(publicPackages().find((p) => p.name === name)!.dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog.startsWith(`# ${name}\n`), `${name}/CHANGELOG.md starts with "# ${name}" (changesets adds versions under it)`).toBe(true);
      expect(changelog, `${name}/CHANGELOG.md names the current version`).toContain(`## ${manifestOf(name).version}\n`);
    }
  });
});

describe.each(PACKAGES)('%s, as packed', (name) => {
  it('package.json: versions instead of workspace ranges, no repo-only "@cairn/source" condition, public access', () => {
    const packed = packedManifest(name);
    const text = JSON.stringify(packed);
    expect(text).not.toContain('workspace:');
    expect(text).not.toContain('@cairn/source');
    expect(text).not.toContain('./src/');
    for (const [dep, range] of Object.entries(packed.dependencies ?? {})) {
      if (dep.startsWith('@cairn/')) expect(range, `${dep} in ${name}`).toBe(manifestOf(dep).version);
    }
    expect(packed.publishConfig?.access).toBe('public');
  });

  it('ships dist, its README and CHANGELOG, and no sources or tests', () => {
    const files = filesOf(unpacked[name]!);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md']));
    expect(files.filter((f) => f.startsWith('dist/')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('src/') || /\.test(-d)?\.[cm]?[jt]sx?$/.test(f) || f.startsWith('test/'))).toEqual([]);
  });

  it('ESM only: every entry a program imports has "import" and a "require" that throws saying so', () => {
    const packed = packedManifest(name);
    const entries = importedEntries(packed.exports);
    expect(entries.length).toBeGreaterThan(0);
    for (const [subpath, conditions] of entries) {
      expect(Object.keys(conditions)[0], `${name} ${subpath}: "require" comes first, so that TypeScript takes its types for a require()`).toBe('require');
      expect(conditions.require, `${name} ${subpath}`).toEqual({ types: './esm-only.d.cts', default: './esm-only.cjs' });
    }
    const stub = readFileSync(path.join(unpacked[name]!, 'esm-only.cjs'), 'utf8');
    expect(stub).toContain(`${name} is ESM-only: use \`import … from '${name}'\`, or from CommonJS \`const { … } = await import('${name}')\`.`);
    const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(unpacked[name]!, 'esm-only.cjs'))})`], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Error: ${name} is ESM-only: use`);
  });

  it('publint: no error and no warning', async () => {
    const buffer = readFileSync(tarballs[name]!);
    const tarball = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    const { messages, pkg } = await publint({ pack: { tarball }, level: 'suggestion' });
    const say = (type: string) => messages.filter((m) => m.type === type).map((m) => `${m.code}: ${formatMessage(m, pkg) ?? ''}`);
    const suggestions = say('suggestion');
    if (suggestions.length) console.log(`publint ${name} suggestions:\n  ${suggestions.join('\n  ')}`);
    expect([...say('error'), ...say('warning')]).toEqual([]);
  });

  it('attw (profile esm-only): every entry resolves to its types for node16 (from ESM) and bundlers', async () => {
    const skip = FILE_EXPORTS[name] ?? [];
    const result = await exec(
      process.execPath,
      [ATTW, tarballs[name]!, '--profile', 'esm-only', '--format', 'json', ...(skip.length ? ['--exclude-entrypoints', ...skip] : [])],
      { timeoutMs: 120_000 },
    );
    const report = JSON.parse(result.stdout) as {
      analysis: { entrypoints: Record<string, unknown> };
      problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]> | { kind: string; entrypoint?: string; resolutionKind?: string }[];
    };
    const problems = Array.isArray(report.problems) ? report.problems : Object.values(report.problems ?? {}).flat();
    const real = problems
      .filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs')
      .map((p) => `${p.kind} ${p.entrypoint ?? ''} (${p.resolutionKind ?? 'any resolution'})`);
    expect(real).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
    const checked = Object.keys(report.analysis.entrypoints).map((e) => (e === '.' ? e : `./${e.replace(/^\.\//, '')}`));
    const exported = Object.keys(packedManifest(name).exports ?? {}).filter((e) => !skip.includes(e));
    expect(checked.sort()).toEqual(exported.sort());
  });
});

describe('package.json in the repo', () => {
  it.each(PACKAGES)('%s: publishConfig.exports is "exports" without the "@cairn/source" condition (the two maps cannot drift)', (name) => {
    const { exports, publishConfig } = manifestOf(name);
    if (!JSON.stringify(exports).includes('@cairn/source')) {
      expect(publishConfig?.exports, `${name}: no "@cairn/source" in exports, so no publishConfig.exports needed`).toBeUndefined();
      return;
    }
    expect(publishConfig?.exports, `${name}: add to publishConfig.exports what you added to exports (without "@cairn/source")`).toEqual(withoutSourceCondition(exports!));
  });

  it('@cairn/preact accepts preact 10 and 11 (scripts/test/install.browser.test.ts installs both)', () => {
    expect(manifestOf('@cairn/preact').peerDependencies?.preact).toBe('^10.25.0 || ^11.0.0');
  });
});
