import { defineConfig } from 'vite';
import { shared, sharedBuild } from './vite.shared.js';

// The script-tag build, dist/cairn.js: one minified IIFE, everything on the happy path bundled,
// defining only window.Cairn. The words for a broken config are not in it: they are the second
// build, dist/cairn-diagnostics.js (vite.diagnostics.config.ts), which cairn.js imports only
// when a config is invalid. `npm run build` runs both, this one first (it empties dist/).
export default defineConfig({
  ...shared,
  build: {
    ...sharedBuild,
    emptyOutDir: true,
    lib: {
      entry: 'src/entries/cairn.ts',
      formats: ['iife'],
      // The entry exports nothing at run time; it assigns window.Cairn itself (once).
      name: 'Cairn',
      fileName: () => 'cairn.js',
    },
  },
});
