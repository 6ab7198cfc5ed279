/**
 * cairn-later.js — what a form needs only after it is interactive, built
 * separately (vite.later.config.ts) as an ES module that cairn.js imports from
 * beside itself right after the form renders: the whole-form config rules
 * (ids, references, options), the payload, page facts and delivery. Keeping
 * them out of cairn.js keeps them off the landing page's critical path; no lead
 * is built or sent before this module has loaded and the config has passed.
 */
export { checkFormSemantics, buildPayload, readPageContext, postToEndpoint as deliver } from '@cairn/core';
