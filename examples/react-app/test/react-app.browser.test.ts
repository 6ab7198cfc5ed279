// examples/react-app in Chromium: the scenarios both example apps pass (../../app-scenarios.ts).
import { fileURLToPath } from 'node:url';
import { describeNorthwindApp } from '../../app-scenarios.js';
import { startReactApp } from '../server.mjs';

describeNorthwindApp('examples/react-app', fileURLToPath(new URL('..', import.meta.url)), 'src/entry-server.tsx', startReactApp);
