/** `@cairn/core/payload` — building the `cairn.lead/1` payload: page context, UTM, ids. */
export { readPageContext, parseUtm } from '../payload/page-context.js';
export { buildPayload, randomId } from '../payload/build-payload.js';
export type { PayloadInput } from '../payload/build-payload.js';
