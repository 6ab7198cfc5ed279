// Four pages, one build: `vite build` writes dist/index.html, embed.html, react.html, vue.html and their chunks.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    rolldownOptions: { input: { form: 'index.html', embed: 'embed.html', react: 'react.html', vue: 'vue.html' } },
  },
});
