// A small lead receiver for Cairn's `cairn.lead/1` payload. Plain node:http; @cairn/core to re-score.
//
//   POST /leads        accept a lead (JSON, or text/plain with a JSON body, as sendBeacon sends it)
//   OPTIONS /leads     CORS preflight (the form's page and this server live on different origins)
//   GET  /leads        an HTML page listing what arrived
//   GET  /leads.json   the same as a JSON array
//
// Each accepted lead is appended to a JSON-lines file as
// `{ receivedAt, idempotencyKey, origin, lead }`. A lead whose `id` (or Idempotency-Key header)
// was seen before is answered 200 `{ id, duplicate: true }` and not stored again: the browser
// retries with the same key, so retries must be harmless.
//
// Every lead is re-scored with `scoreLead` from @cairn/core against its form's config (the form
// JSONs of a directory, by form id: by default the landing page's forms/): the browser's score
// is provisional, anyone can post a lead with a better one. The verdict is stored with the lead
// as `rescore: { fit, intent, grade, stage, route, priority, matches, differences }` and shown
// on /leads, where a lead whose score does not match is flagged.

import { createServer } from 'node:http';
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LEAD_SCHEMA = 'cairn.lead/1';
export const DEFAULT_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.leads.jsonl');
/** The form configs leads are re-scored with: the landing page's, as the demo serves them. */
export const DEFAULT_FORMS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'landing-page', 'forms');

const MAX_BODY_BYTES = 256 * 1024;
const MAX_ID_LENGTH = 200;

/**
 * @typedef {object} ReceiverOptions
 * @property {number} [port] TCP port; 0 (the default) picks a free one.
 * @property {string} [host] Interface to listen on. Default 127.0.0.1.
 * @property {string} [file] JSON-lines file leads are appended to. Default examples/receiver/.leads.jsonl.
 * @property {'*' | 'reflect' | string[]} [allowOrigins] Origins allowed to post from a browser.
 *   'reflect' (default, for the demo) allows any origin by echoing it back; '*' answers `*`;
 *   a list allows exactly those origins (e.g. ['https://www.example.com']).
 * @property {(line: string) => void} [log] Called with one line per request. Default: silent.
 * @property {string | Record<string, unknown>[]} [forms] The form configs to re-score with: a directory of
 *   form JSON files (default: examples/landing-page/forms), or the configs themselves. Keyed by `id`.
 */

/**
 * @typedef {object} StoredLead
 * @property {string} receivedAt ISO time the receiver stored it.
 * @property {string | null} idempotencyKey The request's Idempotency-Key header.
 * @property {string | null} origin The request's Origin header.
 * @property {Record<string, unknown>} lead The payload as posted.
 * @property {Rescore} [rescore] The receiver's own score of the lead, and whether the lead's `score` matches it.
 */

/**
 * @typedef {object} Rescore
 * @property {number} [fit]
 * @property {number} [intent]
 * @property {string} [grade]
 * @property {string} [stage]
 * @property {string | null} [route]
 * @property {string | null} [priority]
 * @property {boolean} matches Whether the lead's `score` is exactly what the receiver computed.
 * @property {{ key: string, client: unknown, server: unknown }[]} differences What differs (top-level score keys).
 * @property {string} [error] Why the lead could not be re-scored (no config for its form, @cairn/core not built).
 */

/**
 * Start a receiver. Resolves once it listens.
 * @param {ReceiverOptions} [options]
 * @returns {Promise<{ url: string, file: string, leads(): StoredLead[], log: string[], close(): Promise<void> }>}
 */
export async function startReceiver(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const file = resolve(options.file ?? DEFAULT_FILE);
  const allowOrigins = options.allowOrigins ?? 'reflect';
  /** @type {string[]} */
  const logLines = [];
  const log = (/** @type {string} */ line) => {
    logLines.push(line);
    if (logLines.length > 500) logLines.shift();
    options.log?.(line);
  };

  const rescore = await createRescorer(options.forms ?? DEFAULT_FORMS_DIR, log);
  /** @type {StoredLead[]} */
  const leads = await readLeads(file);
  /** Keys already stored: lead ids and Idempotency-Key headers. */
  const seen = new Set();
  for (const stored of leads) {
    if (typeof stored.lead?.id === 'string') seen.add(stored.lead.id);
    if (stored.idempotencyKey) seen.add(stored.idempotencyKey);
  }
  // Appends are chained so lines never interleave and stay in arrival order.
  let writing = mkdir(dirname(file), { recursive: true }).then(() => undefined);

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log(`500 ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://receiver.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const origin = req.headers.origin ?? null;

    if (path === '/leads' && req.method === 'OPTIONS') {
      if (!applyCors(req, res, origin)) return refuseOrigin(res, origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      log(`204 OPTIONS /leads (preflight from ${origin ?? 'no origin'})`);
      return;
    }

    if (path === '/leads' && req.method === 'POST') {
      if (!applyCors(req, res, origin)) return refuseOrigin(res, origin);
      await receive(req, res, origin);
      return;
    }

    if ((path === '/leads' || path === '/leads.json' || path === '/') && (req.method === 'GET' || req.method === 'HEAD')) {
      if (path === '/') {
        res.writeHead(302, { Location: '/leads' }).end();
        return;
      }
      if (path === '/leads.json') {
        applyCors(req, res, origin);
        sendJson(res, 200, leads);
      } else {
        const body = renderLeadsPage(leads);
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Cache-Control': 'no-store',
          // Nothing on this page needs script; everything in it came from strangers.
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      }
      return;
    }

    if (path === '/leads' || path === '/leads.json') {
      res.setHeader('Allow', path === '/leads' ? 'GET, HEAD, POST, OPTIONS' : 'GET, HEAD');
      sendJson(res, 405, { error: `${req.method} is not allowed on ${path}` });
      return;
    }
    sendJson(res, 404, { error: `nothing at ${path}; leads are posted to /leads` });
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string | null} origin
   */
  async function receive(req, res, origin) {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const isJsonType = type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
    if (type && !isJsonType && type !== 'text/plain') {
      log(`415 POST /leads (${type})`);
      sendJson(res, 415, { error: `send the lead as application/json (or text/plain with a JSON body), not ${type}` });
      return;
    }
    const raw = await readBody(req);
    if (raw === undefined) {
      log('413 POST /leads (body too large)');
      sendJson(res, 413, { error: `the lead is larger than ${MAX_BODY_BYTES} bytes` });
      return;
    }
    /** @type {unknown} */
    let lead;
    try {
      lead = JSON.parse(raw);
    } catch {
      log('400 POST /leads (not JSON)');
      sendJson(res, 400, { error: 'the body is not valid JSON' });
      return;
    }
    const problem = checkLead(lead);
    if (problem) {
      log(`400 POST /leads (${problem})`);
      sendJson(res, 400, { error: problem });
      return;
    }
    const record = /** @type {Record<string, unknown> & { id: string }} */ (lead);
    const headerKey = req.headers['idempotency-key'];
    const idempotencyKey = typeof headerKey === 'string' && headerKey.length > 0 ? headerKey.slice(0, MAX_ID_LENGTH) : null;

    if (seen.has(record.id) || (idempotencyKey && seen.has(idempotencyKey))) {
      log(`200 POST /leads ${record.id} (duplicate)`);
      sendJson(res, 200, { id: record.id, duplicate: true });
      return;
    }
    // Mark before awaiting the write so a concurrent retry is already a duplicate.
    seen.add(record.id);
    if (idempotencyKey) seen.add(idempotencyKey);
    /** @type {StoredLead} */
    const stored = { receivedAt: new Date().toISOString(), idempotencyKey, origin, lead: record, rescore: rescore(record) };
    const line = `${JSON.stringify(stored)}\n`;
    const write = writing.then(() => appendFile(file, line, 'utf8'));
    writing = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      seen.delete(record.id);
      if (idempotencyKey) seen.delete(idempotencyKey);
      throw error;
    }
    leads.push(stored);
    const verdict = stored.rescore?.error
      ? `not re-scored: ${stored.rescore.error}`
      : stored.rescore?.matches
        ? 'score verified'
        : `SCORE MISMATCH: ${stored.rescore?.differences.map((d) => d.key).join(', ')}`;
    log(`201 POST /leads ${record.id} (key ${idempotencyKey ?? 'none'}, from ${origin ?? 'no origin'}; ${verdict})`);
    sendJson(res, 201, { id: record.id, duplicate: false });
  }

  /**
   * Set the CORS headers for an allowed origin. Requests without an Origin (curl, servers)
   * are always allowed; a browser origin outside the allow-list is refused.
   * @param {import('node:http').IncomingMessage} _req
   * @param {import('node:http').ServerResponse} res
   * @param {string | null} origin
   * @returns {boolean} whether the request may proceed
   */
  function applyCors(_req, res, origin) {
    res.setHeader('Vary', 'Origin');
    if (origin === null) return true;
    if (allowOrigins === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      return true;
    }
    if (allowOrigins === 'reflect' || allowOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      return true;
    }
    return false;
  }

  /** @param {import('node:http').ServerResponse} res @param {string | null} origin */
  function refuseOrigin(res, origin) {
    log(`403 /leads (origin ${origin} is not allowed)`);
    sendJson(res, 403, { error: `origin ${origin} is not allowed to post leads here` });
  }

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${address.port}`,
    file,
    leads: () => leads.slice(),
    log: logLines,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose(undefined));
        server.closeAllConnections();
      }).then(() => writing),
  };
}

/** The score's keys compared with the lead's own `score` (the reasons too: every point must be explained the same). */
const SCORE_KEYS = ['fit', 'intent', 'grade', 'stage', 'route', 'priority', 'respondWithinMinutes', 'provisional', 'reasons'];

/**
 * Re-scoring a lead: `scoreLead(config, lead)` of @cairn/core (the same code as in the browser,
 * which scored the payload itself), compared with the lead's `score`, key by key.
 * @param {Record<string, unknown>} config a valid form config
 * @param {Record<string, any>} lead
 * @param {(config: any, lead: any) => Record<string, unknown>} scoreLead
 * @returns {Rescore}
 */
export function compareScore(config, lead, scoreLead) {
  const server = scoreLead(config, lead);
  const client = isObject(lead.score) ? lead.score : {};
  const differences = SCORE_KEYS.filter((key) => JSON.stringify(client[key]) !== JSON.stringify(server[key])).map((key) => ({
    key,
    client: client[key] ?? null,
    server: server[key] ?? null,
  }));
  const { fit, intent, grade, stage, route, priority } = /** @type {Record<string, any>} */ (server);
  return { fit, intent, grade, stage, route, priority, matches: differences.length === 0, differences };
}

/**
 * The function that re-scores a lead with the form configs of `forms` (a directory of form JSON
 * files, or the configs), by `form.id`. Loaded once; a config that is not valid is left out
 * (and said so). Without a built @cairn/core (`npm run build`), leads are stored unscored.
 * @param {string | Record<string, unknown>[]} forms
 * @param {(line: string) => void} log
 * @returns {Promise<(lead: Record<string, any>) => Rescore | undefined>}
 */
export async function createRescorer(forms, log) {
  /** @type {typeof import('@cairn/core') | undefined} */
  let core;
  try {
    core = await import('@cairn/core');
  } catch (error) {
    log(`re-scoring is off: @cairn/core could not be loaded (${error instanceof Error ? error.message : error}); run npm run build`);
  }
  /** @type {Map<string, Record<string, unknown>>} */
  const configs = new Map();
  /** @type {unknown[]} */
  let list = [];
  if (typeof forms === 'string') {
    let files = [];
    try {
      files = (await readdir(forms)).filter((name) => name.endsWith('.json'));
    } catch (error) {
      log(`re-scoring: no form configs in ${forms} (${error instanceof Error ? error.message : error})`);
    }
    for (const name of files) {
      try {
        list.push(JSON.parse(await readFile(join(forms, name), 'utf8')));
      } catch (error) {
        log(`re-scoring: ${name} is not JSON (${error instanceof Error ? error.message : error})`);
      }
    }
  } else list = forms;
  for (const json of list) {
    const checked = core?.checkForm(json);
    if (checked?.ok) configs.set(checked.form.id, /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (checked.form)));
    else if (checked) log(`re-scoring: a form config is not valid (${checked.problems.map((p) => `${p.path || '(root)'} ${p.code}`).join('; ')})`);
  }
  return (lead) => {
    if (!core) return { matches: false, differences: [], error: '@cairn/core is not built' };
    const id = isObject(lead.form) ? String(lead.form.id) : '';
    const config = configs.get(id);
    if (!config) return lead.score === undefined ? undefined : { matches: false, differences: [], error: `no config for form ${id}` };
    if (!config.scoring && lead.score === undefined) return undefined; // nothing to score, nothing claimed
    try {
      return compareScore(config, lead, core.scoreLead);
    } catch (error) {
      return { matches: false, differences: [], error: `could not re-score (${error instanceof Error ? error.message : error})` };
    }
  };
}

/**
 * Minimal shape check: enough to refuse what is clearly not a Cairn lead.
 * (A production receiver would validate the whole payload; the score is re-computed above.)
 * @param {unknown} lead
 * @returns {string | undefined} what is wrong, or undefined when it looks like a lead
 */
export function checkLead(lead) {
  if (lead === null || typeof lead !== 'object' || Array.isArray(lead)) return 'the body must be a JSON object';
  const record = /** @type {Record<string, unknown>} */ (lead);
  if (record.schema !== LEAD_SCHEMA) return `schema must be '${LEAD_SCHEMA}', got ${JSON.stringify(record.schema) ?? 'nothing'}`;
  if (typeof record.id !== 'string' || record.id.length === 0) return 'id must be a non-empty string';
  if (record.id.length > MAX_ID_LENGTH) return `id must be at most ${MAX_ID_LENGTH} characters`;
  if (record.answers !== undefined && (record.answers === null || typeof record.answers !== 'object' || Array.isArray(record.answers))) {
    return 'answers must be an object';
  }
  return undefined;
}

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The /leads page. Every value that came in a request goes through escapeHtml.
 * @param {StoredLead[]} leads
 */
export function renderLeadsPage(leads) {
  const rows = leads
    .slice()
    .reverse()
    .map((stored) => {
      const lead = stored.lead ?? {};
      const answers = isObject(lead.answers) ? lead.answers : {};
      const context = isObject(lead.context) ? lead.context : {};
      const utm = isObject(context.utm) ? context.utm : {};
      const form = isObject(lead.form) ? lead.form : {};
      const answerItems = Object.entries(answers)
        .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(formatValue(value))}</dd>`)
        .join('');
      const utmText = Object.entries(utm)
        .map(([key, value]) => `${key}=${formatValue(value)}`)
        .join(' · ');
      const rescore = stored.rescore;
      const scoreLine = !rescore
        ? ''
        : rescore.error
          ? `<p class="score">not re-scored: ${escapeHtml(rescore.error)}</p>`
          : `<p class="score ${rescore.matches ? 'ok' : 'bad'}">${rescore.matches ? '✓ score verified' : '⚠ score mismatch'} · fit ${escapeHtml(rescore.fit)} · intent ${escapeHtml(
              rescore.intent,
            )} · grade ${escapeHtml(rescore.grade)} · ${escapeHtml(rescore.stage)}${rescore.route ? ` · route ${escapeHtml(rescore.route)}` : ''}${
              rescore.priority ? ` (${escapeHtml(rescore.priority)})` : ''
            }${
              rescore.matches
                ? ''
                : `<br>the lead claimed ${rescore.differences
                    .map((d) => `${escapeHtml(d.key)} ${escapeHtml(scoreValue(d.key, d.client))} (re-scored: ${escapeHtml(scoreValue(d.key, d.server))})`)
                    .join('; ')}`
            }</p>`;
      return `<article${rescore && !rescore.error && !rescore.matches ? ' class="mismatch"' : ''}>
  <header><strong>${escapeHtml(lead.id)}</strong> <span>${escapeHtml(stored.receivedAt)}</span></header>
  <p class="meta">form ${escapeHtml(form.id ?? '?')} v${escapeHtml(form.version ?? '?')} · from ${escapeHtml(stored.origin ?? 'no origin')}${
        utmText ? ` · utm ${escapeHtml(utmText)}` : ''
      }</p>
  ${scoreLine}
  <dl>${answerItems || '<dt>answers</dt><dd>(none)</dd>'}</dl>
  <details><summary>payload</summary><pre>${escapeHtml(JSON.stringify(lead, null, 2))}</pre></details>
</article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cairn receiver · ${leads.length} lead${leads.length === 1 ? '' : 's'}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1c2430; background: #f6f7f9; }
  h1 { font-size: 1.4rem; } .hint { color: #5b6575; }
  article { background: #fff; border: 1px solid #dde1e7; border-radius: 10px; padding: 1rem 1.25rem; margin: 1rem 0; }
  header { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
  header span, .meta { color: #5b6575; font-size: 0.9em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  .score { padding: 0.4rem 0.7rem; border-radius: 6px; background: #f0f2f5; font-size: 0.9em; }
  .score.ok { background: #e7f6ec; } .score.bad, article.mismatch { border-color: #b42318; } .score.bad { background: #fdecea; color: #8a1c12; }
  pre { background: #f0f2f5; padding: 0.75rem; border-radius: 6px; overflow: auto; font-size: 0.85em; }
</style>
</head>
<body>
<h1>Leads received (${leads.length})</h1>
<p class="hint">Newest first. Reload to see new leads. Also as JSON at <a href="/leads.json">/leads.json</a>.</p>
${rows || '<p>No leads yet. Submit the form on the landing page.</p>'}
</body>
</html>
`;
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A score value for people: reasons as `rule points` pairs. @param {string} key @param {unknown} value */
function scoreValue(key, value) {
  if (key === 'reasons' && Array.isArray(value)) return value.map((r) => `${r?.rule} ${r?.points}`).join(', ') || 'none';
  return formatValue(value);
}

/** @param {unknown} value */
function formatValue(value) {
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string | undefined>} the body, or undefined when it is too large
 */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/**
 * Read a JSON-lines file of stored leads; a missing file is an empty list, a broken line is skipped.
 * @param {string} file
 * @returns {Promise<StoredLead[]>}
 */
async function readLeads(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return [];
    throw error;
  }
  /** @type {StoredLead[]} */
  const leads = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line);
      if (isObject(parsed) && isObject(parsed.lead)) leads.push(/** @type {StoredLead} */ (parsed));
    } catch {
      // A half-written last line (crash mid-append) must not stop the receiver.
    }
  }
  return leads;
}
