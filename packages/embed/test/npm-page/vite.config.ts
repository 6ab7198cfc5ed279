import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { shared } from '../../vite.shared.js';

// The npm page of the browser tests (entry.ts), as an npm user's Vite would build it: @cairn/core
// and @cairn/preact bundled in, one ES module, dist/npm-page.js. Like the embed build, from their
// sources (the @cairn/source condition, a production build whatever NODE_ENV says, the renderer's
// classic `h` JSX), but without the script tag's own guards: an npm user's bundler has none.
// Built by scripts/browser/build-npm-page.mjs when a source is newer.
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  resolve: shared.resolve,
  define: shared.define,
  oxc: shared.oxc,
  logLevel: 'warn',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    lib: { entry: 'entry.ts', formats: ['es'], fileName: () => 'npm-page.js' },
  },
});
