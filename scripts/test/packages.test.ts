// The published packages, as a user's tools see them: publint checks each package.json against
// what `npm pack` would ship (exports, types, files); @arethetypeswrong/cli checks that TypeScript
// resolves every entry of @cairn/core to its declarations the way Node and bundlers resolve it.
// Both need the build output: this test builds @cairn/core and @cairn/preact (tsc, ~10 s each);
// the script tag (vite) is checked only when `npm run build` has made it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ATTW = path.join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const BUILD_TIMEOUT = 180_000;

const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

function tscBuild(pkg: string): void {
  const result = run([TSC, '-p', path.join('packages', pkg, 'tsconfig.build.json')]);
  if (result.status !== 0) throw new Error(`tsc -p packages/${pkg}/tsconfig.build.json failed:\n${result.stdout}${result.stderr}`);
}

/** publint's errors and warnings (suggestions too) for one package, as sentences. */
async function lint(pkg: string): Promise<{ errors: string[]; warnings: string[] }> {
  const pkgDir = path.join(ROOT, 'packages', pkg);
  const json = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  // pack with npm: publint would otherwise run `pnpm pack`, and pnpm is not on PATH (npx pnpm@…)
  const { messages } = await publint({ pkgDir, level: 'suggestion', pack: 'npm' });
  const say = (type: string) => messages.filter((m) => m.type === type).map((m) => `${m.code}: ${formatMessage(m, json) ?? ''}`);
  return { errors: say('error'), warnings: [...say('warning'), ...say('suggestion')] };
}

describe('published packages', () => {
  beforeAll(() => {
    tscBuild('core');
    tscBuild('preact');
  }, BUILD_TIMEOUT * 2);

  it.each(['core', 'preact'])('publint: @cairn/%s has no errors', async (pkg) => {
    const { errors, warnings } = await lint(pkg);
    if (warnings.length) console.log(`publint @cairn/${pkg} warnings:\n  ${warnings.join('\n  ')}`);
    expect(errors).toEqual([]);
  }, BUILD_TIMEOUT);

  const embedBuilt = existsSync(path.join(ROOT, 'packages', 'embed', 'dist', 'cairn.js'));
  if (!embedBuilt) console.log('publint @cairn/embed skipped: packages/embed/dist/cairn.js is missing (run npm run build)');
  it.skipIf(!embedBuilt)('publint: @cairn/embed has no errors (after npm run build)', async () => {
    const { errors, warnings } = await lint('embed');
    if (warnings.length) console.log(`publint @cairn/embed warnings:\n  ${warnings.join('\n  ')}`);
    expect(errors).toEqual([]);
  }, BUILD_TIMEOUT);

  it('attw: every entry of @cairn/core resolves to its types (ESM: node16 and bundlers)', () => {
    // Profile `esm-only`: @cairn/core is ESM only ("type": "module", only "import" conditions), so
    // `node10` (no "exports" support: nothing resolves) and `node16` from CommonJS (ESM through
    // a dynamic import only) are expected and ignored; every other problem fails the test.
    const result = run([ATTW, '--pack', 'packages/core', '--profile', 'esm-only', '--format', 'json']);
    const report = JSON.parse(result.stdout) as {
      analysis: { entrypoints: Record<string, unknown> };
      problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]>;
    };
    const real = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs')
      .map((p) => `${p.kind} ${p.entrypoint ?? ''} (${p.resolutionKind ?? 'any resolution'})`);
    expect(real).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
    const exported = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'packages', 'core', 'package.json'), 'utf8')).exports);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(exported.sort());
  }, BUILD_TIMEOUT);
});
