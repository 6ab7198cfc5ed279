import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { FormConfig } from '../schema/form-schema.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { Answers } from '../model/values.js';
import type { Profile, ProfileEntry } from '../profile/profile.js';
import type { AfterChoice } from '../after/choose-after.js';
import type { FieldIndex } from '../compile/compile-form.js';
import type {
  DeliveryError,
  DeliveryResult,
  FieldErrors,
  FormSession,
  SessionEvents,
  SessionOptions,
  SessionServices,
  SessionStatus,
  SubmitResult,
} from './form-session.js';
import type { Emitter } from './emitter.js';
import { sameValue } from '../conditions/same-value.js';
import { coerceValue } from './coerce-value.js';
import { DELIVERY_FAILED } from '../model/words.js';

/**
 * The submission part of a session: the payload of the shown answers, built once per submission
 * (retries share its id), delivered through `services`, and what the visitor sees after it.
 *
 * Returns its members of the session, then `forget`: the next submission is a new one, with a
 * new id. A tuple: see `sessionValues`.
 */
export function sessionSubmission(
  config: FormConfig,
  errors: Signal<FieldErrors>,
  status: Signal<SessionStatus>,
  emitter: Emitter<SessionEvents>,
  options: SessionOptions,
  clock: () => Date,
  { fields }: FieldIndex,
  deliveryError: Signal<DeliveryError | undefined>,
  services: SessionServices,
  known: ReadonlySignal<Profile>,
  shownAnswers: () => Answers,
  stopAtInvalid: () => { errors: FieldErrors; firstInvalid: string } | undefined,
) {
  const { deliver } = services;
  const after = signal<AfterChoice | undefined>(undefined);
  /** The payload of the current submission; kept across failed attempts so retries share its id. */
  let pending: LeadPayload | undefined;
  let inFlight: Promise<SubmitResult> | undefined;
  let delivered: SubmitResult | undefined;
  /** What the latest payload taught the profile (see `SessionOptions.onLearn`). */
  let learned: Profile = {};

  const newPayload = () => {
    const now = clock();
    const answers = shownAnswers();
    const context = services.context();
    learned = learn(config, fields, known.peek(), answers, context.page, now.toISOString());
    return services.payload({ form: config, answers, profile: { ...known.peek(), ...learned }, context, now: () => now, uuid: options.uuid });
  };

  /** One try at delivering the pending payload (built first if there is none). */
  async function attempt(): Promise<SubmitResult> {
    let payload: LeadPayload | undefined;
    let outcome: DeliveryResult;
    try {
      // Without these hooks nothing is awaited here, so `submit` is emitted before submit() returns.
      if (services.ready) await services.ready();
      if (!pending) {
        const built = newPayload();
        const lead = options.beforeSubmit ? await services.lead(built, options.beforeSubmit) : built;
        if (!lead) return (status.value = 'editing'), { ok: false, reason: 'cancelled' };
        pending = lead;
        try {
          options.onLearn?.(learned);
        } catch {
          /* the host's bug must not stop the submission */
        }
      }
      payload = pending;
      emitter.emit('submit', { payload: services.copy(payload) });
      outcome = await deliver(payload, config);
    } catch (error) {
      // A custom `deliver` should not throw, and a failed `ready` (the script tag could not load
      // what sends the lead) or `beforeSubmit` is worth another try: either way, a failed attempt.
      outcome = { ok: false, error: { message: DELIVERY_FAILED, retryable: true, detail: String(error) } };
    }
    // (what was sent, enrichment included: a copy, so no listener can change a retry's body)
    const sent = payload && services.copy(payload);
    if (outcome.ok) {
      batch(() => {
        after.value = services.after?.(sent!);
        status.value = 'submitted';
      });
      delivered = { ok: true, payload: sent! };
      if ('queued' in outcome) emitter.emit('queued', { payload: sent!, error: outcome.error });
      else emitter.emit('delivered', { payload: sent!, status: outcome.status });
      return delivered;
    }
    batch(() => {
      status.value = 'failed';
      deliveryError.value = outcome.error;
    });
    emitter.emit('error', { kind: 'delivery', error: outcome.error, payload: sent });
    return { ok: false, reason: 'delivery', error: outcome.error, payload: sent };
  }

  const members: Pick<FormSession, 'after' | 'submit' | 'buildPayload'> = {
    after,
    submit(): Promise<SubmitResult> {
      if (inFlight) return inFlight;
      if (delivered) return Promise.resolve(delivered); // already delivered: never send twice
      const invalid = stopAtInvalid();
      if (invalid) return Promise.resolve({ ok: false, reason: 'invalid', errors: invalid.errors, firstInvalid: invalid.firstInvalid });
      batch(() => {
        errors.value = {};
        status.value = 'submitting';
        deliveryError.value = undefined;
      });
      const promise = attempt().finally(() => {
        inFlight = undefined;
      });
      inFlight = promise;
      return promise;
    },
    buildPayload: () => services.copy(pending ?? newPayload()),
  };
  return [members, () => (pending = undefined)] as const;
}

/** Entries for the answered fields: new values learned `at`, unchanged `remembered` ones confirmed. */
function learn(
  config: FormConfig,
  fields: FieldIndex['fields'],
  remembered: Profile,
  answers: Answers,
  page: string,
  at: string,
): Profile {
  const out: Record<string, ProfileEntry> = {};
  const source = { form: config.id, version: config.version, page: page.split(/[?#]/)[0]! };
  for (const id in answers) {
    const field = fields.get(id)!;
    const key = field.profile ?? id;
    const value = answers[id]!;
    const had = remembered[key];
    // hidden fields are not the visitor's answers, and consent is given per form: they teach nothing
    if (!['hidden', 'consent'].includes(field.type))
      out[key] = had && sameValue(coerceValue(field, had.value), value) ? { ...had, confirmedAt: at } : { value, learnedAt: at, source };
  }
  return out;
}
