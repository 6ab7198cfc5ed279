import type { FormConfig } from '../schema/form-schema.js';
import type { Profile } from '../profile/profile.js';
import { LEAD_SCHEMA, type LeadContext, type LeadPayload } from './lead-payload.js';
import { type Answers } from '../model/values.js';

export interface PayloadInput {
  form: Pick<FormConfig, 'id' | 'version'>;
  answers: Answers;
  /** Known profile entries (see `LeadPayload.profile`). Default: none. */
  profile?: Profile;
  context: LeadContext;
  /** Default: the current time. */
  now?: () => Date;
  /** Default: `randomId`. */
  uuid?: () => string;
}

/** A `cairn.lead/1` payload. Build it once per submission: its id is the idempotency key. */
export function buildPayload({ form, answers, profile = {}, context, now, uuid }: PayloadInput): LeadPayload {
  return {
    schema: LEAD_SCHEMA,
    id: (uuid ?? randomId)(),
    form: { id: form.id, version: form.version },
    submittedAt: (now ? now() : new Date()).toISOString(),
    answers,
    profile,
    context,
  };
}

/**
 * A random v4 UUID. `crypto.randomUUID` exists only in secure contexts (https,
 * localhost), and landing pages are still served over plain http, so fall back
 * to `getRandomValues`, and to Math.random where even that is missing: the id
 * only has to be unique enough to spot duplicate deliveries, not secret.
 */
export function randomId(): string {
  const c = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
