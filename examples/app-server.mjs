// What the React and Vue examples' servers share: serve a Vite app as a production server
// would. Each page is rendered on the server (`render(url)` from the app's SSR build) into the
// client build's index.html (at `<!--app-->`) and hydrated in the browser; the client's
// assets; and the Northwind form JSON (landing-page/forms) with `submit.endpoint` pointed at the
// lead receiver.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withEndpoint } from './landing-page/server.mjs';

const FORMS = resolve(dirname(fileURLToPath(import.meta.url)), 'landing-page', 'forms');
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml' };

/**
 * @param {{ dist: string, pages: string[], port?: number, host?: string, receiverUrl?: string }} options
 *   `dist`: the app's build, with client/ (index.html, assets/) and server/entry-server.js
 *   (exporting `render(url): string | Promise<string>`); `pages`: the paths rendered.
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startAppServer({ dist, pages, port = 0, host = '127.0.0.1', receiverUrl }) {
  const endpoint = receiverUrl ? new URL('/leads', receiverUrl).href : undefined;
  const template = await readFile(join(dist, 'client', 'index.html'), 'utf8').catch(() => {
    throw new Error(`The app is not built (${dist}): run \`npm run build\` in its folder`);
  });
  /** @type {{ render(url: string): string | Promise<string> }} */
  const { render } = await import(pathToFileURL(join(dist, 'server', 'entry-server.js')).href);
  const assets = join(dist, 'client');

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://app.invalid').pathname;
    /** @param {number} status @param {string} type @param {string | Buffer} body */
    const send = (status, type, body) => res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(body);
    try {
      if (pages.includes(path)) return send(200, 'text/html; charset=utf-8', template.replace('<!--app-->', await render(req.url ?? '/')));
      const form = /^\/forms\/([A-Za-z0-9_-]+\.json)$/.exec(path)?.[1];
      if (form) {
        const text = await readFile(join(FORMS, form), 'utf8');
        return send(200, TYPES['.json'], endpoint ? withEndpoint(text, endpoint) : text);
      }
      const file = normalize(join(assets, path));
      if (path.startsWith('/assets/') && file.startsWith(assets)) return send(200, TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream', await readFile(file));
      send(404, 'text/plain; charset=utf-8', `Not found: ${path}`);
    } catch (error) {
      const e = /** @type {{ code?: string, message?: string }} */ (error);
      send(e?.code === 'ENOENT' ? 404 : 500, 'text/plain; charset=utf-8', String(e?.message ?? error));
    }
  });
  await new Promise((listening) => server.listen(port, host, () => listening(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((closed) => (server.close(() => closed(undefined)), server.closeAllConnections())),
  };
}
