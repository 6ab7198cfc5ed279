// Two pages, one build: `vite build` writes dist/index.html, dist/embed.html and their chunks.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    rolldownOptions: { input: { form: 'index.html', embed: 'embed.html' } },
  },
});
