import type { FormConfig } from '../schema/form-schema.js';
import type { Deliver, FormSession, SessionOptions } from './form-session.js';
import { buildPayload } from '../payload/build-payload.js';
import { readPageContext } from '../payload/page-context.js';
import { postLead } from '../delivery/post-lead.js';
import { createSession } from './create-session.js';
import { afterFor } from '../scoring/after-for.js';

/** Today's delivery: one POST. The durable outbox replaces it through `options.deliver`. */
export const postToEndpoint: Deliver = (payload, form) =>
  postLead(form.submit.endpoint, payload, { headers: form.submit.headers });

/**
 * A form session with the standard services: the payload is built with
 * `buildPayload`, page facts come from `readPageContext` (or `options.context`),
 * the thank-you is the first `after` rule that holds (`afterFor`), and the lead is POSTed to `submit.endpoint` (or given to `options.deliver`).
 * See `FormSession` for the contract and `createSession` to supply the services yourself.
 */
export function createForm(config: FormConfig, options: SessionOptions = {}): FormSession {
  return createSession(config, options, {
    deliver: options.deliver ?? postToEndpoint,
    context: options.context ?? readPageContext,
    payload: buildPayload,
    after: (payload) => afterFor(config, payload),
  });
}
