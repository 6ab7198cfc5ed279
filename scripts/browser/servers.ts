// Shared servers and build step for the browser tests. Every server listens on 127.0.0.1,
// port 0 (a free one), and must be closed by the test (afterAll / finally).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CAIRN_JS, DIAGNOSTICS_JS, EMBED_PATHS, LATER_JS, ensureEmbedBuilt, ROOT } from './build-embed.mjs';

export { CAIRN_JS, DIAGNOSTICS_JS, EMBED_PATHS, LATER_JS, ensureEmbedBuilt, ROOT };

export interface Route {
  status?: number;
  type?: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface TestServer {
  url: string;
  /** `METHOD path` of every request, in order. */
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/**
 * A small server for test pages: `routes` maps a path to a fixed response or a handler.
 * `/cairn.js` and `/cairn-diagnostics.js` serve the built files unless a route overrides them
 * (serve them elsewhere with `builtFile`). Unknown paths are 404.
 */
export async function startTestServer(routes: Record<string, Route | Handler>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://test.invalid').pathname;
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const route = routes[path] ?? BUILT[path];
      if (!route) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no route ${path}`);
      } else if (typeof route === 'function') {
        await route(req, res, body);
      } else {
        res.writeHead(route.status ?? 200, {
          'Content-Type': route.type ?? typeFor(path),
          'Cache-Control': 'no-store',
          ...route.headers,
        });
        res.end(route.body);
      }
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    }
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => closeServer(server),
  };
}

/**
 * A route that serves a built file (read on each request, so a rebuild is picked up) as
 * JavaScript: `builtFile(CAIRN_JS)`. cairn.js imports cairn-diagnostics.js as a module, which
 * a browser runs only when it is served with a JavaScript MIME type.
 */
export function builtFile(file: string): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  };
}

const BUILT: Record<string, Handler> = Object.fromEntries(Object.entries(EMBED_PATHS).map(([path, file]) => [path, builtFile(file)]));

function typeFor(path: string): string {
  if (path.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (path.endsWith('.json')) return 'application/json; charset=utf-8';
  if (path.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'text/html; charset=utf-8';
}

/** A handler that accepts a lead like a receiver would (201 `{ id, duplicate: false }`). */
export const acceptLead: Handler = (_req, res, body) => {
  let id = '';
  try {
    id = String(JSON.parse(body).id ?? '');
  } catch {
    // answered below
  }
  res.writeHead(id ? 201 : 400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id, duplicate: false }));
};

/** A URL on 127.0.0.1 where nothing listens: connecting to it is refused. */
export async function refusedUrl(path = '/leads'): Promise<string> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return `http://127.0.0.1:${port}${path}`;
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen((server.address() as AddressInfo).port));
  });
}

function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

/** An HTML page around `body`, loading cairn.js (deferred) unless `script` is false. */
export function testPage(body: string, { head = '', script = true }: { head?: string; script?: boolean } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cairn test</title>${head}${
    script ? '<script src="/cairn.js" defer></script>' : ''
  }</head><body>${body}</body></html>`;
}
