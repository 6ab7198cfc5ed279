/**
 * `createCairnPage`: the page runtime with `mount`, for `createForm` and the framework wrappers.
 * It bundles the engine part (`page-engine.ts`: delivery, the lead's score, the view after it)
 * instead of loading it on demand, so an app's session works in full the moment it is mounted
 * (`buildPayload()`, `session.score`); an app's bundler splits it as the app decides.
 */
import { createSession } from '../session/create-session.js';
import { createPageRuntime, type CairnPage, type CairnPageOptions } from './cairn-page.js';
import * as engine from './page-engine.js';
import { knownProfile } from './known-profile.js';

/** The page runtime with `mount`: what `createForm` and the framework wrappers use. */
export function createCairnPage(options: CairnPageOptions = {}): CairnPage {
  const runtime = createPageRuntime(options, engine);
  const mount: CairnPage['mount'] = (form, o = {}) => {
    // The options are the session's and the link's at once: each reads its own keys.
    // (`prepare` is for shells that load the engine part on demand: it is bundled here)
    const { onLearn, prepare: _bundled, ...standard } = runtime.services(form, o);
    const session = createSession(
      form,
      { ...o, profile: knownProfile(runtime.state, form, {}, o.profile), onLearn },
      { ...standard, ...(o.deliver && { deliver: o.deliver }), ...(o.context && { context: o.context }) },
    );
    // No `read`: the page reads the stored profile now, re-plans the form with it when it lands, and cleans it up in the store.
    const disconnect = runtime.connect(form, session, o);
    const destroy = session.destroy;
    return Object.assign(session, {
      destroy() {
        disconnect();
        destroy();
      },
    });
  };
  return { ...runtime, mount };
}
