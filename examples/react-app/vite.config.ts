import { defineConfig } from 'vite';

// React's JSX without a plugin (no Fast Refresh needed for an example). The client goes to
// dist/client; `vite build --ssr src/entry-server.tsx --outDir dist/server` builds the server
// renderer that server.mjs uses.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: 'dist/client' },
});
