/**
 * Events for analytics tools (opt-in, config `analytics`), in cairn-later.js: `cairn_view`,
 * `cairn_start` (the first answer), `cairn_step`, `cairn_submit` and `cairn_delivered`, pushed to
 * `window.dataLayer` (Google Tag Manager) as `{ event, cairn: { form, version, step?, leadId?,
 * …allowed answers } }` and sent with Segment's `analytics.track(event, props)`; on submit,
 * `analytics.identify(traits)` with the allowed answers. Only the answers of the field ids in
 * `analytics.fields` ever leave this way: the rest of the lead goes to its destinations only.
 */
import type { FieldValue } from '../model/values.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { FormSession } from '../session/form-session.js';

export type AnalyticsEventName = 'cairn_view' | 'cairn_start' | 'cairn_step' | 'cairn_submit' | 'cairn_delivered';

/** What the events read of the page: the GTM data layer and Segment's analytics.js (or its snippet's stub). */
export interface AnalyticsWindow {
  dataLayer?: unknown[];
  analytics?: {
    track?: (event: string, properties: Record<string, unknown>) => unknown;
    identify?: (traits: Record<string, unknown>) => unknown;
  };
}

/** Where `cairn:delivered` events (from the form's host, bubbling) are heard: a lead queued first is delivered later. */
type Listening = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

const empty = (v: FieldValue | undefined) => v === undefined || v === '' || (Array.isArray(v) && !v.length);

/**
 * Start sending the events of one mounted form; returns what stops it. Sends `cairn_view` at
 * once (cairn-later.js loads right after the form renders). Does nothing unless `dataLayer` or
 * `segment` is on. A broken tag manager or analytics.js never breaks the form.
 */
export function attachAnalytics(
  form: FormConfig,
  session: FormSession,
  win: AnalyticsWindow = window as AnalyticsWindow,
  doc: Listening = document,
): () => void {
  const a = form.analytics;
  if (!a?.dataLayer && !a?.segment) return () => {};
  const allowed = a.fields ?? [];

  /** The allowed answers that have a value: from the lead when there is one, else the form as it stands. */
  const answers = (payload?: LeadPayload) => {
    const values: Readonly<Record<string, FieldValue>> = payload?.answers ?? session.values.peek();
    const out: Record<string, FieldValue> = {};
    for (const id of allowed) if (!empty(values[id])) out[id] = values[id]!;
    return out;
  };

  const send = (event: AnalyticsEventName, extra: { step?: string; leadId?: string } = {}, payload?: LeadPayload) => {
    // Cairn's own keys win over a field that happens to be called `form` or `step`.
    const cairn = { ...answers(payload), form: form.id, version: form.version, ...extra };
    if (a.dataLayer)
      try {
        ((win.dataLayer ??= []) as unknown[]).push({ event, cairn });
      } catch {
        /* a data layer that is not an array: the host's business */
      }
    if (a.segment)
      try {
        win.analytics?.track?.(event, cairn);
        if (event == 'cairn_submit') {
          const traits = answers(payload);
          if (Object.keys(traits).length) win.analytics?.identify?.(traits);
        }
      } catch {
        /* analytics.js failing must not stop the lead */
      }
  };

  const step = () => session.currentStep.peek().id;
  /** Leads this form submitted and not yet reported delivered (queued ones are delivered later). */
  const submitted = new Set<string>();
  const delivered = (payload: LeadPayload | undefined) => {
    if (payload && submitted.delete(payload.id)) send('cairn_delivered', { leadId: payload.id }, payload);
  };
  let started = false;
  const offs = [
    session.on('change', () => {
      if (!started) send('cairn_start', { step: step() });
      started = true;
    }),
    session.on('step', ({ step }) => send('cairn_step', { step: step.id })),
    session.on('submit', ({ payload }) => {
      submitted.add(payload.id);
      send('cairn_submit', { leadId: payload.id }, payload);
    }),
    session.on('delivered', ({ payload }) => delivered(payload)),
  ];
  const later = (e: Event) => delivered((e as CustomEvent<{ payload?: LeadPayload } | null>).detail?.payload);
  doc.addEventListener('cairn:delivered', later);
  send('cairn_view', { step: step() });
  return () => {
    offs.forEach((off) => off());
    doc.removeEventListener('cairn:delivered', later);
  };
}
