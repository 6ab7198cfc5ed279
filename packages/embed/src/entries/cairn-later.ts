/**
 * cairn-later.js — what a form needs only after it is interactive, built separately
 * (vite.later.config.ts) as an ES module that cairn.js imports from beside itself right after the
 * form renders: the whole-form config rules, and the page runtime of @cairn/core (stored profile
 * and consent, behaviour, scoring, durable delivery, partial leads, analytics, enrichment).
 * Keeping them out of cairn.js keeps them off the landing page's critical path; no lead is built
 * or sent before this module has loaded and the config has passed.
 */
import { createPageRuntime, type PageRuntime, type PageState } from '@cairn/core/page-runtime';

export { checkFormSemantics } from '@cairn/core/page-runtime';

export { link } from '../link.js';

let page: PageRuntime | undefined;

/** The page runtime (once per page), over the state cairn.js kept until now (consent given early). */
export const runtime = (state: PageState): PageRuntime => (page ??= createPageRuntime({ storage: 'indexeddb', state }));
