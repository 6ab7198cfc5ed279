import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The client goes to dist/client; `vite build --ssr src/entry-server.ts --outDir dist/server`
// builds the server renderer that server.mjs uses.
export default defineConfig({
  plugins: [vue()],
  build: { outDir: 'dist/client' },
});
