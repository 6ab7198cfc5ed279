/**
 * `@cairn/core/internal` — what Cairn's own shells (the script tag, the renderer, framework
 * wrappers) build on before a form is interactive: a session without a page, the structural
 * config check, the stored profile. The page runtime is `@cairn/core/page-runtime`: a shell's
 * first bundle that imports only this entry never carries it (nor the delivery engine's
 * on-demand import). Not a stable API: it changes with the shells.
 */
export { createSession } from '../session/create-session.js';
export type { SessionServices } from '../session/form-session.js';
export { validateFieldValue } from '../session/validate-field.js';
export { compileForm } from '../compile/compile-form.js';
export type { CompiledForm } from '../compile/compile-form.js';
export { checkFormShape } from '../schema/check-form.js';
export { QUICK_RENDER_CHARS } from '../schema/checks/check-limits.js';
export { keepPendingView } from '../behaviour/pending-views.js';
export { documentReferrer } from '../payload/page-context.js';
export { normalizeOptions } from '../schema/options.js';
export type { Option } from '../schema/options.js';
export type { PageRuntime, FormLink, FormNews, ConnectOptions } from '../runtime/cairn-page.js';
export { createPageState, storageAllowed, CONSENT_KEY, unavailableMessage } from '../runtime/page-state.js';
export type { PageState } from '../runtime/page-state.js';
export { readStoredProfile } from '../runtime/read-profile.js';
export { knownProfile } from '../runtime/known-profile.js';
