import { cairn } from '@cairn/vue';
import { createApp, createSSRApp } from 'vue';
import App from './App.vue';
import { pathOf } from './router.js';
import '../../app-styles.css';

const root = document.getElementById('app')!;
const props = { url: pathOf(location.href) };
// Served by server.mjs: the HTML is already there, hydrate it (a mismatch is a console warning
// in development). Served by `vite` alone: render it.
const app = root.firstElementChild ? createSSRApp(App, props) : createApp(App, props);
app.use(cairn).mount(root);
