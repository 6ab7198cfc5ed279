// examples/vue-app in Chromium: the scenarios both example apps pass (../../app-scenarios.ts).
import { fileURLToPath } from 'node:url';
import { describeNorthwindApp } from '../../app-scenarios.js';
import { startVueApp } from '../server.mjs';

describeNorthwindApp('examples/vue-app', fileURLToPath(new URL('..', import.meta.url)), 'src/entry-server.ts', startVueApp);
