/**
 * cairn-later.js — what a form needs only after it is interactive, built
 * separately (vite.later.config.ts) as an ES module that cairn.js imports from
 * beside itself right after the form renders: the whole-form config rules
 * (ids, references, options), the payload, page facts and delivery, and the
 * profile store (IndexedDB via idb-keyval, consent gate, retention, migration,
 * tab sync, forget). Keeping them out of cairn.js keeps them off the landing
 * page's critical path; no lead is built or sent before this module has loaded
 * and the config has passed. (cairn.js reads the stored profile itself, with
 * raw IndexedDB, so a returning visitor's form is planned before it renders.)
 * `Cairn.consent`, `Cairn.forget` and `Cairn.profile` load it on demand.
 */
export { afterFor, checkFormSemantics, buildPayload, readPageContext } from '@cairn/core';
export { deliver, startDelivery } from './delivery.js';
export { clear, consent, forget, learn, profile } from './profiles.js';
// the profile store, analytics events and partial leads of a mounted form (attach.ts)
export { attach } from './attach.js';
export { attachAnalytics } from './analytics.js';
// behaviour signals, attribution and the score (signals.ts): `startPage` starts delivery too
export { buildLead, startPage, track } from './signals.js';
