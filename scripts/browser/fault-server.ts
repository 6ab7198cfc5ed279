// A lead receiver for the delivery tests: it de-duplicates by lead id (the body's `id`, or the
// `Idempotency-Key` header) like a real one must, and fails requests on demand — 5xx, a dropped
// connection, an answer slower than the browser's attempt timeout, 429 with `Retry-After`, or a
// request held unanswered — while it records every attempt (when it started and ended, what it
// carried, what it was answered) so a test can count raw attempts and duplicates and check that
// no lead was ever in flight twice at once.
//
// Use its `handler` as the `/leads` route of `startTestServer` (same origin as the pages), or as
// a route of a second server (cross-origin: it answers CORS preflights and reflects `Origin`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Handler } from './servers.js';

/**
 * What the receiver does with one request:
 * - `ok`: store the lead (or, already stored, answer 200 `{ duplicate: true }` and drop it);
 * - `5xx`: answer 503 without storing;
 * - `drop`: destroy the socket without answering or storing (the browser sees a network error);
 * - `slow`: store the lead, but answer only after `slowMs` (the browser gives up first, and retries);
 * - `429`: answer 429 with `Retry-After: <retryAfter>` without storing;
 * - `hold`: answer nothing until `release()` (or the server closes); nothing is stored;
 * - `302`: redirect (to `/moved`, which would answer a GET with 200) without storing: a browser
 *   following it would re-send the lead as a bodiless GET and see success.
 */
export type Fault = 'ok' | '5xx' | 'drop' | 'slow' | '429' | 'hold' | '302';

export interface Attempt {
  /** 1-based order of arrival. */
  n: number;
  method: string;
  /** The lead id: the body's `id`, else the `Idempotency-Key` header ('' when neither). */
  id: string;
  /** The `Idempotency-Key` header, if any. */
  key: string | undefined;
  contentType: string;
  /** The request's `Origin` header, if any. */
  origin: string | undefined;
  fault: Fault;
  /** What the receiver did: stored it, dropped it as a duplicate, or failed it (`fault`). */
  result: 'stored' | 'duplicate' | 'failed' | 'bad';
  /** ms (performance.now() of this process) when the request had arrived, and when it was answered or its connection closed. */
  start: number;
  end?: number;
}

export interface StoredLead {
  lead: Record<string, any>;
  /** Content type of the request that stored it. */
  contentType: string;
  /** The attempt that stored it. */
  attempt: number;
  at: number;
}

export interface LeadReceiver {
  /** The route: POST stores (or fails), OPTIONS answers a CORS preflight. */
  handler: Handler;
  /** Every POST, in order of arrival. */
  attempts: Attempt[];
  /** Every OPTIONS (CORS preflight). */
  preflights: { origin: string | undefined; headers: string | undefined }[];
  /** Lead id → the lead as first stored. */
  stored: Map<string, StoredLead>;
  /** How each request is answered; may be replaced at any time. */
  decide: (attempt: Attempt, lead: Record<string, any> | undefined) => Fault;
  /** Answers every held request with `status` (default 503). */
  release(status?: number): void;
  /** Pairs of attempts at the same lead whose time in flight overlapped. */
  overlaps(): [Attempt, Attempt][];
  /** Counts for reports. */
  stats(): ReceiverStats;
  /** Clears pending timers (slow answers) and answers held requests; call before closing the server. */
  close(): void;
}

export interface ReceiverStats {
  /** POSTs received (every attempt, last-chance requests included). */
  attempts: number;
  /** Distinct leads stored. */
  stored: number;
  /** Requests for a lead already stored, answered 200 and dropped. */
  duplicates: number;
  /** Requests failed on purpose, by fault. */
  faults: Record<Exclude<Fault, 'ok'>, number>;
  /** Requests that carried the body as text/plain (last-chance). */
  textPlain: number;
  preflights: number;
}

export interface LeadReceiverOptions {
  /** How each request is answered. Default: always `ok`. */
  decide?: LeadReceiver['decide'];
  /** How long a `slow` answer takes. Default 11 s (the browser's attempt timeout is 10 s). */
  slowMs?: number;
  /** `Retry-After` (seconds) of a 429. Default 1. */
  retryAfter?: number;
  /** Extra work per request before answering (ms), so that concurrent requests for one lead would overlap visibly. Default 0. */
  latencyMs?: number;
}

/** A deterministic PRNG (mulberry32), so a fault schedule is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A `decide` that fails a share of requests at random: `weights` are the probabilities of each
 * fault (their sum is the failure rate), the rest are `ok`.
 */
export function faultMix(weights: Partial<Record<Exclude<Fault, 'ok' | 'hold'>, number>>, seed = 1): LeadReceiver['decide'] {
  const random = seededRandom(seed);
  const table = Object.entries(weights) as [Fault, number][];
  return () => {
    let r = random();
    for (const [fault, p] of table) {
      if (r < p) return fault;
      r -= p;
    }
    return 'ok';
  };
}

export function createLeadReceiver(options: LeadReceiverOptions = {}): LeadReceiver {
  const slowMs = options.slowMs ?? 11_000;
  const retryAfter = options.retryAfter ?? 1;
  const attempts: Attempt[] = [];
  const preflights: LeadReceiver['preflights'] = [];
  const stored = new Map<string, StoredLead>();
  const held = new Set<ServerResponse>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;

  const later = (ms: number, then: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      then();
    }, ms);
    timers.add(t);
  };
  const cors = (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (!origin) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  };
  const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }).end(JSON.stringify(value));
  };

  const receiver: LeadReceiver = {
    attempts,
    preflights,
    stored,
    decide: options.decide ?? (() => 'ok'),
    handler: async (req, res, body) => {
      cors(req, res);
      if (req.method === 'OPTIONS') {
        preflights.push({ origin: req.headers.origin, headers: req.headers['access-control-request-headers'] as string | undefined });
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
        res.setHeader('Access-Control-Max-Age', '600');
        res.writeHead(204).end();
        return;
      }
      if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
      let lead: Record<string, any> | undefined;
      try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === 'object') lead = parsed;
      } catch {
        // not JSON: 400 below
      }
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      const attempt: Attempt = {
        n: attempts.length + 1,
        method: req.method,
        id: typeof lead?.id === 'string' ? lead.id : (key ?? ''),
        key,
        contentType: req.headers['content-type'] ?? '',
        origin: req.headers.origin,
        fault: 'ok',
        result: 'bad',
        start: performance.now(),
      };
      attempts.push(attempt);
      res.on('close', () => (attempt.end ??= performance.now()));
      if (!attempt.id) return json(res, 400, { error: 'no id' });
      attempt.fault = closed ? 'ok' : receiver.decide(attempt, lead);
      const accept = () => {
        const duplicate = stored.has(attempt.id);
        attempt.result = duplicate ? 'duplicate' : 'stored';
        if (!duplicate) stored.set(attempt.id, { lead: lead!, contentType: attempt.contentType, attempt: attempt.n, at: attempt.start });
        return { status: duplicate ? 200 : 201, body: { id: attempt.id, duplicate } };
      };
      if (options.latencyMs) await new Promise<void>((r) => later(options.latencyMs!, r));
      switch (attempt.fault) {
        case 'ok': {
          const a = accept();
          return json(res, a.status, a.body);
        }
        case '5xx':
          attempt.result = 'failed';
          return json(res, 503, { error: 'try again' });
        case '429':
          attempt.result = 'failed';
          return json(res, 429, { error: 'slow down' }, { 'Retry-After': String(retryAfter) });
        case 'drop':
          attempt.result = 'failed';
          req.socket.destroy();
          return;
        case 'slow': {
          // processed at once, answered too late: the browser retries, and this receiver drops the duplicate
          const a = accept();
          later(slowMs, () => json(res, a.status, a.body));
          return;
        }
        case '302':
          attempt.result = 'failed';
          if (!res.writableEnded) res.writeHead(302, { Location: '/moved', 'Cache-Control': 'no-store' }).end();
          return;
        case 'hold':
          attempt.result = 'failed';
          held.add(res);
          res.on('close', () => held.delete(res));
          return;
      }
    },
    release(status = 503) {
      for (const res of held) json(res, status, { error: 'released' });
      held.clear();
    },
    overlaps() {
      const now = performance.now();
      const byId = new Map<string, Attempt[]>();
      for (const a of attempts) if (a.id) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
      const out: [Attempt, Attempt][] = [];
      for (const list of byId.values())
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++) {
            const a = list[i]!;
            const b = list[j]!;
            if (a.start < (b.end ?? now) && b.start < (a.end ?? now)) out.push([a, b]);
          }
      return out;
    },
    stats() {
      const faults = { '5xx': 0, drop: 0, slow: 0, '429': 0, hold: 0, '302': 0 };
      for (const a of attempts) if (a.fault !== 'ok') faults[a.fault]++;
      return {
        attempts: attempts.length,
        stored: stored.size,
        duplicates: attempts.filter((a) => a.result === 'duplicate').length,
        faults,
        textPlain: attempts.filter((a) => a.contentType.startsWith('text/plain')).length,
        preflights: preflights.length,
      };
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      receiver.release();
    },
  };
  return receiver;
}
