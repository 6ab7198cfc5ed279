// Serves the React example as a production server would: each page rendered on the server
// (dist/server/entry-server.js, built by `npm run build`) into the client build's index.html,
// then hydrated in the browser; the client's assets; and the Northwind form JSON
// (../landing-page/forms) with `submit.endpoint` pointed at the lead receiver.
//
//   npm run start        (PORT, default 5174; CAIRN_RECEIVER_URL, default http://127.0.0.1:8787)

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withEndpoint } from '../landing-page/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FORMS = resolve(here, '..', 'landing-page', 'forms');
const PAGES = new Set(['/', '/pricing']);
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml' };

/**
 * @param {{ port?: number, host?: string, receiverUrl?: string, dist?: string }} [options]
 *   `dist`: the build (default ./dist, with client/ and server/).
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startReactApp(options = {}) {
  const dist = options.dist ?? join(here, 'dist');
  const endpoint = options.receiverUrl ? new URL('/leads', options.receiverUrl).href : undefined;
  const template = await readFile(join(dist, 'client', 'index.html'), 'utf8').catch(() => {
    throw new Error(`The React example is not built (${dist}): run \`npm run build\` in examples/react-app`);
  });
  /** @type {{ render(url: string): string }} */
  const { render } = await import(pathToFileURL(join(dist, 'server', 'entry-server.js')).href);

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://app.invalid').pathname;
    const send = (status, type, body) => res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(body);
    try {
      if (PAGES.has(path)) return send(200, 'text/html; charset=utf-8', template.replace('<!--app-->', render(req.url ?? '/')));
      const form = /^\/forms\/([A-Za-z0-9_-]+\.json)$/.exec(path)?.[1];
      if (form) {
        const text = await readFile(join(FORMS, form), 'utf8');
        return send(200, TYPES['.json'], endpoint ? withEndpoint(text, endpoint) : text);
      }
      const file = normalize(join(dist, 'client', path));
      if (path.startsWith('/assets/') && file.startsWith(join(dist, 'client'))) return send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
      send(404, 'text/plain; charset=utf-8', `Not found: ${path}`);
    } catch (error) {
      send(error?.code === 'ENOENT' ? 404 : 500, 'text/plain; charset=utf-8', String(error?.message ?? error));
    }
  });
  await new Promise((listening) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => listening(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise((closed) => (server.close(() => closed(undefined)), server.closeAllConnections())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = await startReactApp({ port: Number(process.env.PORT ?? 5174), receiverUrl: process.env.CAIRN_RECEIVER_URL });
  console.log(`Northwind (React, server-rendered): ${app.url}/ — leads go to ${process.env.CAIRN_RECEIVER_URL ?? 'http://127.0.0.1:8787'}/leads (npm run demo starts that receiver)`);
}
