import { cairn } from '@cairn/vue';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import App from './App.vue';
import { pathOf } from './router.js';

/** The app's HTML for a request URL: the forms are empty placeholders, mounted in the browser. */
export function render(url: string): Promise<string> {
  return renderToString(createSSRApp(App, { url: pathOf(url) }).use(cairn));
}
