// `node scripts/wrapper-size.mjs`: what @cairn/react and @cairn/vue add to an app, framework
// excluded (react, react-dom, vue are the app's): each wrapper's own built code, and the whole
// of what `import { CairnForm } from '…'` brings (the wrapper, @cairn/core's page runtime,
// @cairn/preact and preact), minified by Vite, gzip -9. Run after `npm run build`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { root } from './run.mjs';

const FRAMEWORK = /^(react|react-dom|vue)(\/|$)/;

/** Minified bytes and gzip -9 bytes of `entry` bundled, `external` left out. */
async function weigh(entry, external) {
  const result = await build({
    root,
    logLevel: 'silent',
    configFile: false,
    build: { write: false, minify: true, lib: { entry, formats: ['es'], fileName: 'out' }, rolldownOptions: { external } },
  });
  const code = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output).filter((o) => o.type === 'chunk').map((c) => c.code).join('\n');
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const dir = mkdtempSync(path.join(tmpdir(), 'cairn-wrapper-size-'));
try {
  for (const pkg of ['react', 'vue']) {
    const entry = path.join(dir, `${pkg}.js`);
    writeFileSync(entry, `export { CairnForm, useCairnForm } from ${JSON.stringify(path.join(root, 'packages', pkg, 'dist', 'index.js'))};\n`);
    const own = await weigh(entry, (id) => FRAMEWORK.test(id) || /^@cairn\/|^preact|^@preact\//.test(id));
    const all = await weigh(entry, (id) => FRAMEWORK.test(id));
    console.log(`@cairn/${pkg}: the wrapper ${own.min} B min, ${own.gzip} B gzip -9; with core, renderer and preact ${all.min} B min, ${all.gzip} B gzip -9 (framework excluded)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
