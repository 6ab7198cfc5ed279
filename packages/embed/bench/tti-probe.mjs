// Where cairn.js's time to interactive goes: resource timing of the script and the `cairn:ready`
// time on a page with an inline config, 15 fresh browser contexts, medians from navigation start.
// Run after a build: node packages/embed/bench/tti-probe.mjs  (see docs/benchmarks.md)
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const dist = (f) => new URL(`../dist/${f}`, import.meta.url);
const js = readFileSync(dist('cairn.js'));
const later = readFileSync(dist('cairn-later.js'));
const cfg = JSON.stringify({ id: 'x', version: 1, steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email', required: true }, { id: 'name', type: 'text', label: 'Name' }, { id: 'company', type: 'text', label: 'Company' }] }], submit: { endpoint: '/leads' } });
const html = `<!doctype html><html><head><script>window.__t={};document.addEventListener('cairn:ready',()=>__t.ready=performance.now());document.addEventListener('DOMContentLoaded',()=>__t.dcl=performance.now());</script><script src="/cairn.js" defer></script></head><body><div data-cairn-form><script type="application/json" data-cairn-config>${cfg}</script></div></body></html>`;
const srv = createServer((q, r) => {
  if (q.url === '/cairn.js') return r.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(js);
  if (q.url === '/cairn-later.js') return r.writeHead(200, { 'content-type': 'text/javascript' }).end(later);
  r.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(html);
}).listen(0, '127.0.0.1');
await new Promise((r) => srv.once('listening', r));
const url = `http://127.0.0.1:${srv.address().port}/`;
const b = await chromium.launch({ executablePath: process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const rows = [];
try {
  for (let i = 0; i < 15; i++) {
    const c = await b.newContext(); const p = await c.newPage(); await p.goto(url + 'blank'); 
    await p.goto(url); await p.waitForFunction(() => window.__t.ready);
    rows.push(await p.evaluate(() => { const r = performance.getEntriesByName(location.origin + '/cairn.js')[0]; const n = performance.getEntriesByType('navigation')[0]; return { respEnd: n.responseEnd, jsStart: r.requestStart, jsEnd: r.responseEnd, dcl: __t.dcl, ready: __t.ready }; }));
    await c.close();
  }
} finally { await b.close(); srv.close(); }
const med = (k) => { const a = rows.map((r) => r[k]).sort((x, y) => x - y); return a[a.length >> 1].toFixed(1); };
console.log(['respEnd', 'jsStart', 'jsEnd', 'dcl', 'ready'].map((k) => `${k} ${med(k)}`).join(' | '));
