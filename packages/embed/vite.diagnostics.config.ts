import { defineConfig } from 'vite';
import { shared, sharedBuild } from './vite.shared.js';

// dist/cairn-diagnostics.js: an ES module exporting `explain(json)` — parseForm (zod/mini) and
// the friendly wording of every config problem. cairn.js loads it with import() from beside
// itself, and only when a config is invalid; a valid form never downloads it.
// Built after vite.config.ts (which empties dist/), so this one must not empty it.
export default defineConfig({
  ...shared,
  build: {
    ...sharedBuild,
    emptyOutDir: false,
    lib: {
      entry: 'src/diagnostics.ts',
      formats: ['es'],
      fileName: () => 'cairn-diagnostics.js',
    },
    // Library mode leaves ES output unminified (to keep pure annotations for a consumer's
    // bundler); this file is loaded by browsers as is, so minify it fully.
    rolldownOptions: { output: { minify: true } },
  },
});
