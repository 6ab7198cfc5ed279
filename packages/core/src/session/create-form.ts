import type { FormConfig } from '../schema/form-schema.js';
import type { Deliver, FormSession, SessionOptions } from './form-session.js';
import { buildPayload } from '../payload/build-payload.js';
import { readPageContext } from '../payload/page-context.js';
import { postLead } from '../delivery/post-lead.js';
import { createOutboxDeliver, type OutboxDeliverOptions } from '../delivery/outbox-deliver.js';
import { createSession } from './create-session.js';
import { afterFor } from '../after/after-for.js';
import { scoreLive, withLeadScore } from '../scoring/live-score.js';

/**
 * One POST to `submit.endpoint`, no outbox, no retries: the delivery before the outbox, kept
 * for callers that want exactly one attempt (`createForm(config, { deliver: postToEndpoint })`).
 * A config with only `destinations` has no endpoint: that is a failed, non-retryable delivery.
 */
export const postToEndpoint: Deliver = (payload, form) =>
  form.submit.endpoint
    ? postLead(form.submit.endpoint, payload, { headers: form.submit.headers })
    : Promise.resolve({ ok: false, error: { message: "This form can't send right now. Please contact us another way.", retryable: false } });

export interface CreateFormOptions extends SessionOptions {
  /** The functions `custom` destinations of `submit.destinations` name (as `Cairn.mount`'s `transports`). */
  transports?: OutboxDeliverOptions['transports'];
  /**
   * Every delivery event of this form's default delivery, including the later ones of a queued
   * lead (`delivered`, `dead`). Not called when `deliver` is given.
   */
  onDelivery?: OutboxDeliverOptions['onEvent'];
}

/**
 * A form session with the standard services: the payload is built with
 * `buildPayload`, page facts come from `readPageContext` (or `options.context`),
 * the thank-you is the first `after` rule that holds (`afterFor`), and the lead
 * goes to every destination of `submit` through the outbox (IndexedDB where it
 * exists, else memory), retried per destination with backoff (or is given to
 * `options.deliver`). See `FormSession` for the contract and `createSession` to
 * supply the services yourself.
 */
export function createForm(config: FormConfig, options: CreateFormOptions = {}): FormSession {
  const session = createSession(config, options, {
    deliver: options.deliver ?? createOutboxDeliver({ transports: options.transports, onEvent: options.onDelivery }),
    context: options.context ?? readPageContext,
    // the score is that of the payload itself (`scoreLead`), so a receiver re-scores it exactly
    payload: (input) => {
      const signals = options.signals?.();
      return withLeadScore(config, buildPayload(signals ? { ...input, context: { ...input.context, signals } } : input));
    },
    after: (payload) => afterFor(config, payload),
  });
  // `session.score`, and conditions that read score, signal, email and profile facts
  scoreLive(session, { signals: options.signals, now: options.now && (() => options.now!().getTime()) });
  return session;
}
