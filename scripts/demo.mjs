#!/usr/bin/env node
// `npm run demo`: the Northwind landing page (one <script src="/cairn.js"> tag) and the lead
// receiver, on two origins, as www and api would be. Works on a fresh clone with Node 20 + npm:
// installs dependencies and builds cairn.js when they are missing.
//
//   CAIRN_DEMO_PAGE_PORT      (default 5173)  the landing page
//   CAIRN_DEMO_RECEIVER_PORT  (default 8787)  the receiver: POST /leads, GET /leads
//   CAIRN_LEADS_FILE          (default examples/receiver/.leads.jsonl)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pagePort = Number(process.env.CAIRN_DEMO_PAGE_PORT ?? 5173);
const receiverPort = Number(process.env.CAIRN_DEMO_RECEIVER_PORT ?? 8787);
const host = '127.0.0.1';


// 1. Dependencies (vite builds cairn.js).
const { ensureDependencies } = await import(pathToFileURL(join(ROOT, 'scripts', 'run.mjs')).href);
ensureDependencies();

// 2. cairn.js, if missing or older than its sources.
const { ensureEmbedBuilt } = await import(pathToFileURL(join(ROOT, 'scripts', 'browser', 'build-embed.mjs')).href);
try {
  ensureEmbedBuilt({ log: (line) => console.log(line) });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// 2b. @cairn/core's build (dist/), which the receiver imports to re-score every lead, if missing or stale.
const newest = (path) =>
  statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry)))) : statSync(path).mtimeMs;
const coreDist = join(ROOT, 'packages', 'core', 'dist', 'index.js');
if (!existsSync(coreDist) || statSync(coreDist).mtimeMs < newest(join(ROOT, 'packages', 'core', 'src'))) {
  console.log('Building @cairn/core (the receiver re-scores leads with it) …');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'packages', 'core', 'tsconfig.build.json')], { stdio: 'inherit' });
  if (built.status !== 0) console.error('Building @cairn/core failed: the receiver will store leads without re-scoring them.');
}

// 3. Receiver and page, on two ports: two origins.
const { startReceiver } = await import(pathToFileURL(join(ROOT, 'examples', 'receiver', 'src', 'receiver.js')).href);
const { startLandingPage } = await import(pathToFileURL(join(ROOT, 'examples', 'landing-page', 'server.mjs')).href);

/** @param {() => Promise<any>} start @param {number} port @param {string} variable */
async function listen(start, port, variable) {
  try {
    return await start();
  } catch (error) {
    if (error?.code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use. Stop what uses it, or pick another: ${variable}=<port> npm run demo`);
      process.exit(1);
    }
    throw error;
  }
}

const receiver = await listen(
  () =>
    startReceiver({
      port: receiverPort,
      host,
      file: process.env.CAIRN_LEADS_FILE || undefined,
      log: (line) => console.log(`  [receiver] ${line}`),
    }),
  receiverPort,
  'CAIRN_DEMO_RECEIVER_PORT',
);
const page = await listen(
  () => startLandingPage({ port: pagePort, host, receiverUrl: receiver.url }),
  pagePort,
  'CAIRN_DEMO_PAGE_PORT',
);

/** @param {string} file */
function displayPath(file) {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

console.log(`
Cairn demo is running.

  Landing page   ${page.url}/?utm_source=linkedin&utm_campaign=q4-launch
  Leads          ${receiver.url}/leads          (JSON: ${receiver.url}/leads.json)

  The page posts leads across origins to ${receiver.url}/leads;
  they are appended to ${displayPath(receiver.file)}.
  Pick a company size of 1,000+ to see the enterprise step. View the pricing page twice and
  read the whitepaper first, and a business address makes you an MQL: a booking link follows.
  The receiver re-scores every lead (see the score line on /leads).

Press Ctrl-C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping …');
  await Promise.allSettled([page.close(), receiver.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
