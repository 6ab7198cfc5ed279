// @vitest-environment node
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postLead } from './post-lead.js';
import type { LeadPayload } from '../payload/lead-payload.js';

const payload: LeadPayload = {
  schema: 'cairn.lead/1',
  id: '0b8a3f5e-5a0c-4c43-8e0e-1d2f3a4b5c6d',
  form: { id: 'demo', version: '2' },
  submittedAt: '2025-01-01T00:00:00.000Z',
  answers: { email: 'ada@example.com', size: '50-200' },
  context: { page: 'https://acme.test/', referrer: '', utm: { source: 'ads' }, locale: 'en', timezone: 'UTC' },
};

describe('postLead over real HTTP (node:http on 127.0.0.1)', () => {
  it('delivers the JSON body and headers, then classifies a 503 as retryable', async () => {
    const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
    let status = 202;
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;

      const ok = await postLead('/hooks/lead', payload, { baseUrl: `http://127.0.0.1:${port}/`, headers: { 'X-Api-Key': 'k' } });
      expect(ok).toEqual({ ok: true, status: 202 });
      expect(received).toHaveLength(1);
      const [req] = received;
      expect(req).toMatchObject({ method: 'POST', url: '/hooks/lead' });
      expect(req!.headers['content-type']).toBe('application/json');
      expect(req!.headers['idempotency-key']).toBe(payload.id);
      expect(req!.headers['x-api-key']).toBe('k');
      expect(JSON.parse(req!.body)).toEqual(payload);

      status = 503;
      const busy = await postLead(`http://127.0.0.1:${port}/hooks/lead`, payload);
      expect(busy).toMatchObject({ ok: false, error: { status: 503, retryable: true } });
      expect(received[1]!.headers['idempotency-key']).toBe(payload.id);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
