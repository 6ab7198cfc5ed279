/**
 * `@cairn/core/page-runtime` — the page runtime without `mount`, for a shell that creates its
 * sessions itself (the script tag's cairn-later.js), and the whole-form config rules it checks
 * before anything is stored or sent. Kept apart from `@cairn/core/internal` so a first bundle
 * never reaches it. Not a stable API: it changes with the shells.
 */
export { createPageRuntime } from '../runtime/cairn-page.js';
export type { PageRuntime, FormLink, FormNews, ConnectOptions } from '../runtime/cairn-page.js';
export { checkFormSemantics } from '../schema/check-form.js';
export type { PageState } from '../runtime/page-state.js';
