/**
 * The enrichment hook, in cairn-later.js: before a lead goes to the outbox, an async function
 * (`Cairn.mount(…, { enrich })`) or a URL (`submit.enrich.url`, POSTed the email and its company
 * domain) may add data — firmographics, say — which travels as `payload.enrichment`. It fails
 * open: an error, an answer that is not a JSON object, or no answer within the timeout (default
 * 1.5 s) and the lead goes without. The visitor waits at most that long.
 */
import type { LeadPayload } from '../payload/lead-payload.js';
import type { EnrichConfig, FormConfig } from '../schema/form-schema.js';
import { classifyEmail } from '../scoring/email-domain.js';
import { compileForm } from '../compile/compile-form.js';
import { frozenCopy } from '../payload/frozen-copy.js';

export type EnrichHook = (payload: LeadPayload) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

export const ENRICH_TIMEOUT_MS = 1500;

export interface EnrichOptions {
  fetch?: typeof fetch;
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Told why a lead went without enrichment (for the console). */
  onProblem?: (message: string) => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);

/** The lead's email (the first email field's answer) and, for a business address, its company domain. */
export function enrichQuery(payload: LeadPayload, form: FormConfig): { email?: string; companyDomain?: string } {
  const id = compileForm(form).emails[0]?.id;
  const email = id === undefined ? undefined : payload.answers[id] ?? payload.profile?.[id]?.value;
  if (typeof email != 'string' || !email) return {};
  const facts = classifyEmail(email);
  return facts?.companyDomain ? { email, companyDomain: facts.companyDomain } : { email };
}

/**
 * Adds `enrichment` to `payload` (in place, on the session's own lead, which nothing outside
 * holds: a retry of the same lead sends the same body, and the `delivered` listeners get a copy
 * of what was sent) and resolves it. The hook gets a frozen copy. A payload that already has
 * enrichment is left alone. Never rejects.
 */
export async function enrichPayload(
  payload: LeadPayload,
  form: FormConfig,
  hook: EnrichHook | undefined,
  o: EnrichOptions = {},
): Promise<LeadPayload> {
  const config: EnrichConfig | undefined = form.submit.enrich;
  if (payload.enrichment || (!hook && !config)) return payload;
  const ms = config?.timeoutMs ?? ENRICH_TIMEOUT_MS;
  const set = o.setTimeout ?? ((run, t) => setTimeout(run, t));
  const clear = o.clearTimeout ?? ((h) => clearTimeout(h as number));
  const abort = new AbortController();
  let timer: unknown;
  const late = new Promise<'timeout'>((resolve) => (timer = set(() => resolve('timeout'), ms)));
  const ask = async (): Promise<unknown> => {
    if (hook) return hook(frozenCopy(payload));
    const response = await (o.fetch ?? fetch)(new URL(config!.url, globalThis.document?.baseURI).href, {
      method: 'POST',
      // text/plain: a simple request, no CORS preflight to pay for while the visitor waits
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(enrichQuery(payload, form)),
      signal: abort.signal,
    });
    if (!response.ok) throw Error(`HTTP ${response.status}`);
    return response.json();
  };
  try {
    const answer = await Promise.race([ask(), late]);
    if (answer == 'timeout') {
      abort.abort();
      o.onProblem?.(`enrichment gave no answer within ${ms} ms; the lead goes without it`);
    } else if (isObject(answer)) payload.enrichment = answer;
    else if (answer !== undefined) o.onProblem?.('enrichment did not answer with a JSON object; the lead goes without it');
  } catch (error) {
    o.onProblem?.(`enrichment failed (${(error as Error)?.message ?? String(error)}); the lead goes without it`);
  } finally {
    clear(timer);
  }
  return payload;
}
