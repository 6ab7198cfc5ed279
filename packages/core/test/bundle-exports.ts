// For tests that measure what a set of @cairn/core exports costs a bundle (and prove what it
// leaves out, e.g. zod): Vite bundles a virtual entry re-exporting them, minified, in memory.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** Traces of zod in bundled code. */
export const ZOD = /_zod|\$ZodType|zod\/v4/;

/**
 * Bundles `exports` (export name → file under packages/core/src) and returns the code with its
 * gzip -9 size. `iife` is how the script tag ships; `es` is how a bundler would see it.
 */
export async function bundleExports(exports: Record<string, string>, format: 'es' | 'iife' = 'es'): Promise<{ code: string; gzip: number }> {
  // a virtual entry: lib mode resolves `entry` against root, so match it by name
  const entry = 'cairn-size-entry';
  const id = '\0cairn-size-entry';
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    root: resolve(src, '..'),
    plugins: [
      {
        name: 'entry',
        resolveId: (source) => (source.endsWith(entry) ? id : undefined),
        load: (loaded) => (loaded === id ? Object.entries(exports).map(([name, file]) => `export { ${name} } from ${JSON.stringify(resolve(src, file))};`).join('\n') : undefined),
      },
    ],
    build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: [format], name: 'Cairn', fileName: 'bundle' } },
  })) as Rollup.RollupOutput[];
  const code = result
    .flatMap((r) => r.output)
    .map((o) => (o.type === 'chunk' ? o.code : ''))
    .join('\n');
  return { code, gzip: gzipSync(code, { level: 9 }).length };
}
