import { defineConfig } from 'vite';
import { shared, sharedBuild } from './vite.shared.js';

// dist/cairn-later.js: an ES module with what a form needs only after it is interactive (the
// whole-form config rules, payload, page facts, delivery). cairn.js imports it from beside itself
// as soon as a form has rendered, and before any lead is built. Built after vite.config.ts (which
// empties dist/), so this one must not empty it.
export default defineConfig({
  ...shared,
  build: {
    ...sharedBuild,
    emptyOutDir: false,
    lib: {
      entry: 'src/later-module.ts',
      formats: ['es'],
      fileName: () => 'cairn-later.js',
    },
    // Library mode leaves ES output unminified (to keep pure annotations for a consumer's
    // bundler); this file is loaded by browsers as is, so minify it fully.
    rolldownOptions: { output: { minify: true } },
  },
});
