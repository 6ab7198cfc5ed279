#!/usr/bin/env node
// Run the lead receiver: `node examples/receiver/src/main.js` (or `pnpm --filter @cairn-examples/receiver start`).
//
// Environment:
//   PORT (default 8787), HOST (default 127.0.0.1),
//   CAIRN_LEADS_FILE (default examples/receiver/.leads.jsonl),
//   CAIRN_ALLOW_ORIGINS: comma-separated origins allowed to post from a browser,
//     or '*'; unset reflects any origin (fine for a local demo, not for production).

import { startReceiver } from './receiver.js';

const allow = process.env.CAIRN_ALLOW_ORIGINS?.trim();
const receiver = await startReceiver({
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? '127.0.0.1',
  file: process.env.CAIRN_LEADS_FILE || undefined,
  allowOrigins: !allow ? 'reflect' : allow === '*' ? '*' : allow.split(',').map((origin) => origin.trim()).filter(Boolean),
  log: (line) => console.log(`[receiver] ${line}`),
});

console.log(`Cairn receiver: POST leads to ${receiver.url}/leads · see them at ${receiver.url}/leads`);
console.log(`Appending to ${receiver.file}`);

const stop = () => {
  receiver.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
