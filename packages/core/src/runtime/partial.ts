/**
 * Partial leads (opt-in, `submit.partial`), in cairn-later.js. Once the visitor has given valid
 * values for every field in `fields` (say, the email) and then changes nothing for `afterSeconds`
 * without submitting, or leaves (the tab hidden, `pagehide`), one lead with `partial: true` goes
 * to the form's destinations through the outbox. At most one per form view, and never once the
 * full lead was submitted; a later full submission is a separate lead (its own id).
 *
 * Nothing is learned from it: the profile store is not written (the full submission teaches
 * the profile, under the form's consent rules), so with `profiling.consent: "required"` and no
 * consent the outbox entry is all that is stored, as for a full lead.
 */
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FieldConfig, FormConfig } from '../schema/form-schema.js';
import type { FormSession } from '../session/form-session.js';
import { validateFieldValue } from '../session/validate-field.js';
import { compileForm } from '../compile/compile-form.js';

export const PARTIAL_AFTER_SECONDS = 60;

export interface PartialOptions {
  setTimeout?: (run: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Where `pagehide` and `visibilitychange` are heard. Default `window` and `document`. */
  win?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  doc?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { hidden?: boolean };
  /** false: the page withdrew consent (`Cairn.consent(false)`): no partial lead. Read when it would go. */
  allowed?: () => boolean;
}

/**
 * Watch one mounted form for an abandoned, identifiable visit; `send` gets the partial lead
 * (and must not throw). Returns what stops watching.
 */
export function attachPartial(form: FormConfig, session: FormSession, send: (payload: LeadPayload) => void, o: PartialOptions = {}): () => void {
  const cfg = form.submit.partial;
  if (!cfg) return () => {};
  const set = o.setTimeout ?? ((run, ms) => setTimeout(run, ms));
  const clear = o.clearTimeout ?? ((h) => clearTimeout(h as number));
  const win = o.win ?? window;
  const doc = o.doc ?? document;
  // first wins, as everywhere (this used to be the one last-wins index)
  const all = compileForm(form).fields;
  const fields = cfg.fields.map((id) => all.get(id)).filter((f): f is FieldConfig => !!f);
  let done = false;
  let timer: unknown;

  /** Every listed field holds a value its own rules accept (quietly: no message is shown). */
  const ready = () =>
    fields.length > 0 &&
    fields.every((f) => {
      // the field's own value, not the whole record (rebuilt per answer): this runs on every change
      const value = session.fieldValue(f.id).peek();
      return value !== undefined && value !== '' && !validateFieldValue(f, value);
    });
  const stop = () => {
    done = true;
    clear(timer);
  };
  const fire = () => {
    // a submission (even one still under way, or failed) is the visitor's own lead: no partial
    if (done || session.status.peek() != 'editing' || !ready() || o.allowed?.() === false) return;
    stop();
    let payload: LeadPayload | undefined;
    try {
      payload = { ...session.buildPayload(), partial: true };
    } catch {
      return; // the payload services are the full lead's; a failure here must not touch the form
    }
    send(payload);
  };
  const offs = [
    session.on('change', () => {
      if (done) return;
      clear(timer);
      // quiet time counts from the last change, once the fields are there
      if (ready()) timer = set(fire, (cfg.afterSeconds ?? PARTIAL_AFTER_SECONDS) * 1e3);
    }),
    session.on('submit', stop),
  ];
  const hidden = () => doc.hidden && fire();
  win.addEventListener('pagehide', fire);
  doc.addEventListener('visibilitychange', hidden);
  return () => {
    stop();
    offs.forEach((off) => off());
    win.removeEventListener('pagehide', fire);
    doc.removeEventListener('visibilitychange', hidden);
  };
}
