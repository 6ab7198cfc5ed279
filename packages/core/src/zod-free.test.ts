import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * What the script tag needs on its happy path must not load zod (≈8 KB gzip):
 * the session and everything it uses, and checkForm. zod stays the source of
 * truth for types, the JSON Schema and parseForm (Node, CLI, diagnostics).
 *
 * This follows the static imports (`import type` is erased, so it is skipped)
 * from each source file, through relative imports, and fails with the chain
 * that reaches zod. check-form.test.ts also bundles checkForm to be sure.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

/** Static, non-type import and re-export specifiers of a TypeScript source. */
const staticImports = (source: string): string[] => {
  const code = source.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/.*$/gm, '$1'); // comments out
  const found: string[] = [];
  const statement = /(?:^|;)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|;)\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(statement)) {
    if (m[5]) found.push(m[5]); // import 'x' (side effects)
    else if (!m[2]) found.push(m[4]!); // `import type …` / `export type …` are erased
  }
  return found;
};

/** The first chain of static imports from `file` that reaches a zod module, or undefined. */
const chainToZod = (file: string, seen = new Set<string>()): string[] | undefined => {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const spec of staticImports(readFileSync(file, 'utf8'))) {
    if (spec === 'zod' || spec.startsWith('zod/')) return [file, spec];
    if (!spec.startsWith('.')) continue; // other packages (@preact/signals-core) do not use zod
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    const chain = chainToZod(target, seen);
    if (chain) return [file, ...chain];
  }
  return undefined;
};

const sources = (dir: string): string[] =>
  readdirSync(join(SRC, dir))
    .filter((name) => name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(name))
    .map((name) => join(SRC, dir, name));

const show = (chain: string[]) => chain.map((f) => f.replace(`${SRC}/`, '')).join(' → ');

describe('the happy path imports no zod', () => {
  const files = [...['session', 'conditions', 'compile', 'model', 'payload', 'delivery'].flatMap(sources), join(SRC, 'schema/check-form.ts')];

  test('there are files to check', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.map((f) => f.replace(`${SRC}/`, ''))).toContain('session/validate-field.ts');
  });

  test.each(files.map((f) => [f.replace(`${SRC}/`, ''), f]))('%s', (_, file) => {
    const chain = chainToZod(file);
    expect(chain && show(chain), 'imports zod (directly or through the files shown)').toBeUndefined();
  });
});

describe('the import scan', () => {
  test('finds value imports and re-exports, skips type-only ones', () => {
    const source = [
      "import * as z from 'zod/mini';",
      "import type { A } from './a.js';",
      "import { b, type B } from './b.js';",
      "export { c } from './c.js';",
      "export type { D } from './d.js';",
      "import './e.js';",
      "// import { f } from './f.js';",
      "/* import { g } from './g.js'; */",
      "import {\n  h,\n  i,\n} from './h.js';",
    ].join('\n');
    expect(staticImports(source)).toEqual(['zod/mini', './b.js', './c.js', './e.js', './h.js']);
  });

  test('catches zod through a chain (parseForm uses zod on purpose)', () => {
    expect(show(chainToZod(join(SRC, 'schema/parse-form.ts'))!)).toMatch(/^schema\/parse-form\.ts → .*zod/);
    expect(show(chainToZod(join(SRC, 'index.ts'))!)).toMatch(/zod/);
  });
});
