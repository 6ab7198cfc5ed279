// Serves the React example as a production server would: each page rendered on the server
// (dist/server/entry-server.js, built by `npm run build`) into the client build's index.html,
// then hydrated in the browser; the client's assets; the Northwind form JSON with
// `submit.endpoint` pointed at the lead receiver (../app-server.mjs).
//
//   npm run start        (PORT, default 5174; CAIRN_RECEIVER_URL, default http://127.0.0.1:8787)

import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startAppServer } from '../app-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** @param {{ port?: number, host?: string, receiverUrl?: string, dist?: string }} [options] */
export const startReactApp = (options = {}) => startAppServer({ dist: join(here, 'dist'), pages: ['/', '/pricing'], ...options });

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const receiver = process.env.CAIRN_RECEIVER_URL ?? 'http://127.0.0.1:8787';
  const app = await startReactApp({ port: Number(process.env.PORT ?? 5174), receiverUrl: receiver });
  console.log(`Northwind (React, server-rendered): ${app.url}/ — leads go to ${receiver}/leads (npm run demo starts that receiver)`);
}
