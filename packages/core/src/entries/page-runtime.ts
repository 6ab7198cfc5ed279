/**
 * `@cairn/core/page-runtime` — the page runtime without `mount`, for a shell that creates its
 * sessions itself (the script tag's cairn-later.js), and the whole-form config rules it checks
 * before anything is stored or sent. Kept apart from `@cairn/core/internal` so a first bundle
 * never reaches it. Not a stable API: it changes with the shells.
 */
import { createPageRuntime as create, type PageRuntime } from '../runtime/cairn-page.js';
import type { CairnPageOptions } from '../runtime/cairn-page.js';

/** The page runtime, its engine part (delivery, the lead's score) loaded when first needed. */
export const createPageRuntime = (options: CairnPageOptions = {}): PageRuntime => create(options, () => import('../runtime/page-engine.js'));
export type { PageRuntime, FormLink, FormNews, ConnectOptions } from '../runtime/cairn-page.js';
export { checkFormSemantics } from '../schema/check-form.js';
export type { PageState } from '../runtime/page-state.js';
