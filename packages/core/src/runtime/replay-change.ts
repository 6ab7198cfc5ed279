import type { FormSession, SessionEvents } from '../session/form-session.js';

/**
 * `session` as seen by a runtime that connected after the visitor had already answered (the script
 * tag loads the runtime once the page is idle, or at the first touch of the form): every `change`
 * listener also hears `earlier`, the last answer given before, once, right after it starts
 * listening. So analytics' `cairn_start`, the behaviour tracker's form start and a partial lead's
 * quiet time count that answer as if they had been there. Without `earlier`, `session` itself.
 */
export function replayChange(session: FormSession, earlier?: SessionEvents['change']): FormSession {
  if (!earlier) return session;
  const on: FormSession['on'] = (name, listener) => {
    let live = true;
    const off = session.on(name, listener);
    // after the caller's own setup (analytics sends `cairn_view` first), and never once it stopped listening
    if (name == 'change') queueMicrotask(() => live && (listener as (detail: SessionEvents['change']) => void)(earlier));
    return () => {
      live = false;
      off();
    };
  };
  return Object.create(session, { on: { value: on } }) as FormSession;
}
