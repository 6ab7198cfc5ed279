import type { FormConfig } from '../schema/form-schema.js';
import type { Deliver, FormSession } from './form-session.js';
import { postLead } from '../delivery/post-lead.js';
import { DELIVERY_BROKEN } from '../model/words.js';
import type { CairnPage, PageMountOptions } from '../runtime/cairn-page.js';
import { createCairnPage } from '../runtime/create-cairn-page.js';

/**
 * One POST to `submit.endpoint`, no outbox, no retries: the delivery before the outbox, kept
 * for callers that want exactly one attempt (`createForm(config, { deliver: postToEndpoint })`).
 * A config with only `destinations` has no endpoint: that is a failed, non-retryable delivery.
 */
export const postToEndpoint: Deliver = (payload, form) =>
  form.submit.endpoint
    ? postLead(form.submit.endpoint, payload, { headers: form.submit.headers })
    : Promise.resolve({ ok: false, error: { message: DELIVERY_BROKEN, retryable: false } });

export interface CreateFormOptions extends PageMountOptions {
  /** The page runtime the form joins. Default: this page's (`defaultPage()`), shared by every `createForm`. */
  page?: CairnPage;
}

let shared: CairnPage | undefined;

/** This page's runtime (created on first use): the one `createForm` uses unless given another. */
export const defaultPage = (): CairnPage => (shared ??= createCairnPage());

/**
 * A form session with the whole product, through the page runtime (`createCairnPage`): what the
 * visitor's browser remembers (progressive profiling, consent), behaviour signals and the live
 * score, the lead built with `buildPayload` and scored, the thank-you of the first `after` rule
 * that holds, durable delivery to every destination of `submit` through the outbox, partial
 * leads, analytics events and enrichment — the same as the script tag does with the same config.
 * `options.deliver` and `options.context` replace the standard delivery and page facts.
 */
export function createForm(config: FormConfig, options: CreateFormOptions = {}): FormSession {
  const { page = defaultPage(), ...rest } = options;
  return page.mount(config, rest);
}
