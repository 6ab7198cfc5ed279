import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { shared, sharedBuild } from './vite.shared.js';

const MODULE_IMPORT = fileURLToPath(new URL('./src/entries/chunk-import.module.ts', import.meta.url));

/**
 * The npm build's own way to its chunks: chunk-import.ts (beside the script tag) becomes
 * entries/chunk-import.module.ts, whose `import('./cairn-later.js')` and
 * `import('./cairn-diagnostics.js')` stay as written: they name the built files beside this one.
 */
function moduleChunks(): Plugin {
  return {
    name: 'cairn:module-chunks',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === './chunk-import.js' && importer && /[\\/]embed[\\/]src[\\/][^\\/]+\.ts$/.test(importer)) return MODULE_IMPORT;
      if (importer === MODULE_IMPORT && /^\.\/cairn-(later|diagnostics)\.js$/.test(source)) return { id: source, external: true };
      return undefined;
    },
  };
}

// dist/cairn.module.js: what `import '@cairn/embed'` runs in an app with a bundler. The same
// entry as cairn.js (it defines window.Cairn, registers <cairn-form>, auto-mounts), as an ES
// module whose chunks are found by the app's bundler in the package (moduleChunks) instead of
// beside a script tag. Built after cairn.js, handed the same shared modules (build/build.mjs).
export default defineConfig({
  ...shared,
  plugins: [moduleChunks(), ...shared.plugins],
  build: {
    ...sharedBuild,
    emptyOutDir: false,
    lib: { entry: 'src/entries/cairn.ts', formats: ['es'], fileName: () => 'cairn.module.js' },
    rolldownOptions: { output: { minify: true } },
  },
});
