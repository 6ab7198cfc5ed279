// Serves the Northwind landing page: the HTML and CSS of this folder, `/cairn.js` and
// `/cairn-diagnostics.js` (which cairn.js loads from beside itself when a form config is
// invalid) from the built embed (packages/embed/dist/) and the form configs in ./forms.
//
// The page and the lead receiver run on different origins, as `www` and `api` would. The
// committed form JSON names the demo receiver (http://localhost:8787/leads); when this server
// is told where the receiver really is (`receiverUrl`, or CAIRN_RECEIVER_URL when run
// directly), it rewrites `submit.endpoint` in every form it serves.
//
//   node examples/landing-page/server.mjs        (PORT, HOST, CAIRN_RECEIVER_URL)

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EMBED_FILES } from '../../packages/embed/build/files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const CAIRN_JS = resolve(here, '..', '..', 'packages', 'embed', 'dist', 'cairn.js');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The files of this folder that are served, by URL path. Nothing else is. */
const PAGE_FILES = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/pricing': 'pricing.html',
  '/pricing.html': 'pricing.html',
  '/whitepaper.html': 'whitepaper.html',
  '/styles.css': 'styles.css',
  '/favicon.svg': 'favicon.svg',
};

/**
 * @typedef {object} LandingPageOptions
 * @property {number} [port] 0 (default) picks a free port.
 * @property {string} [host] Default 127.0.0.1.
 * @property {string} [receiverUrl] Base URL of the lead receiver (e.g. http://localhost:8787);
 *   forms are served with `submit.endpoint` = `${receiverUrl}/leads`.
 * @property {string} [cairnJs] Path of the script served at /cairn.js. Default: the built embed.
 *   The chunks it loads from beside itself (packages/embed/build/files.mjs) are served from the same folder.
 * @property {Record<string, string>} [headers] Extra headers on the HTML page (e.g. a Content-Security-Policy).
 */

/**
 * @param {LandingPageOptions} [options]
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startLandingPage(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const cairnJs = options.cairnJs ?? CAIRN_JS;
  /** The built scripts, by URL path: cairn.js and the modules it loads from beside itself. */
  const scripts = new Map([['/cairn.js', cairnJs], ...EMBED_FILES.slice(1).map((name) => [`/${name}`, join(dirname(cairnJs), name)])]);
  const endpoint = options.receiverUrl ? new URL('/leads', options.receiverUrl).href : undefined;

  const server = createServer((req, res) => {
    serve(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `500: ${error instanceof Error ? error.message : error}`);
      else res.end();
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function serve(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    }
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;

    const script = scripts.get(path);
    if (script) {
      let body;
      try {
        body = await readFile(script);
      } catch {
        return send(res, 404, 'text/plain; charset=utf-8', `${basename(script)} is not built yet (${script}). Run: npm run build`);
      }
      return send(res, 200, TYPES['.js'], body, req.method);
    }

    const formMatch = /^\/forms\/([A-Za-z0-9_-]+\.json)$/.exec(path);
    if (formMatch?.[1]) {
      let text;
      try {
        text = await readFile(join(here, 'forms', formMatch[1]), 'utf8');
      } catch {
        return send(res, 404, 'application/json; charset=utf-8', JSON.stringify({ error: `no form ${formMatch[1]}` }));
      }
      return send(res, 200, TYPES['.json'], endpoint ? withEndpoint(text, endpoint) : text, req.method);
    }

    const file = PAGE_FILES[/** @type {keyof typeof PAGE_FILES} */ (path)];
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${path}`);
    const body = await readFile(join(here, file));
    const type = TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream';
    const extra = file === 'index.html' ? (options.headers ?? {}) : {};
    return send(res, 200, type, body, req.method, extra);
  }

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen(undefined);
    });
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * Return the form JSON with `submit.endpoint` replaced. A config that is not valid JSON is
 * served unchanged, so the page shows Cairn's own error for it.
 * @param {string} text
 * @param {string} endpoint
 */
export function withEndpoint(text, endpoint) {
  let form;
  try {
    form = JSON.parse(text);
  } catch {
    return text;
  }
  if (form && typeof form === 'object' && form.submit && typeof form.submit === 'object') {
    form.submit.endpoint = endpoint;
  }
  return `${JSON.stringify(form, null, 2)}\n`;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} type
 * @param {string | Buffer} body
 * @param {string} [method]
 * @param {Record<string, string>} [headers]
 */
function send(res, status, type, body, method = 'GET', headers = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    // A demo: always serve the freshly built script and the current form.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(method === 'HEAD' ? undefined : body);
}

// Run directly: serve on PORT (default 5173).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const receiverUrl = process.env.CAIRN_RECEIVER_URL;
  const page = await startLandingPage({
    port: Number(process.env.PORT ?? 5173),
    host: process.env.HOST ?? '127.0.0.1',
    ...(receiverUrl ? { receiverUrl } : {}),
  });
  try {
    await stat(CAIRN_JS);
  } catch {
    console.warn(`cairn.js is not built yet: run \`npm run build\` first (${CAIRN_JS})`);
  }
  console.log(`Northwind landing page: ${page.url}/`);
  const stop = () => page.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
