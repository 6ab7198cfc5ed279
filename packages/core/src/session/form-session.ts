import type { ReadonlySignal } from '@preact/signals-core';
import type { FieldConfig, FormConfig, StepConfig } from '../schema/form-schema.js';
import type { LeadContext, LeadPayload } from '../payload/lead-payload.js';
import type { FieldValue } from '../model/values.js';
import type { PayloadInput } from '../payload/build-payload.js';
import type { Profile } from '../profile/profile.js';
import type { AfterChoice } from '../after/choose-after.js';
import type { FactReader } from '../conditions/evaluate-condition.js';
import type { LeadScore } from '../scoring/score.js';
import type { Signals } from '../behaviour/signals.js';

/**
 * The contract between the headless engine and every renderer.
 * State is exposed as signals so a renderer re-renders only what changed;
 * commands are plain methods. Nothing here touches the DOM.
 */

export type SessionStatus = 'editing' | 'submitting' | 'submitted' | 'failed';

/** Field id → message for the fields that currently fail validation. */
export type FieldErrors = Readonly<Record<string, string>>;

export type StepResult =
  | { ok: true }
  | { ok: false; errors: FieldErrors; /** first invalid field, in display order */ firstInvalid: string };

export type SubmitResult =
  | { ok: true; payload: LeadPayload }
  | { ok: false; reason: 'invalid'; errors: FieldErrors; firstInvalid: string }
  /** `payload` is absent when the lead could not even be prepared (see `SessionServices.ready`). */
  | { ok: false; reason: 'delivery'; error: DeliveryError; payload?: LeadPayload }
  /** `beforeSubmit` answered `false`: nothing was sent, the form is editable again. */
  | { ok: false; reason: 'cancelled' };

export interface DeliveryError {
  /** Human-readable, safe to show to the visitor. */
  message: string;
  /** HTTP status when the endpoint answered. */
  status?: number;
  /** true when trying again may succeed (network error, timeout, 408/425/429, 5xx). */
  retryable: boolean;
  /** For the developer, not the visitor: which request failed how, e.g. `default (POST https://…/leads) refused it: HTTP 404 Not Found`. */
  detail?: string;
}

export type DeliveryResult =
  | { ok: true; status?: number }
  /**
   * Not delivered yet, but safe: kept (in a persistent outbox) and retried in the background.
   * The visitor is done; `error` is why the first attempt did not arrive.
   */
  | { ok: true; queued: true; error: DeliveryError }
  | { ok: false; error: DeliveryError };

/**
 * The seam where delivery plugs in. Today: one POST (`postLead`).
 * The durable outbox (its own issue) replaces this without touching the session.
 */
export type Deliver = (payload: LeadPayload, form: FormConfig) => Promise<DeliveryResult>;

/**
 * What only a submission needs. `createForm` supplies the standard ones
 * (`buildPayload`, `readPageContext`, one POST); `createSession` takes them
 * explicitly, so a bundle that loads them later does not carry them up front.
 */
export interface SessionServices {
  deliver: Deliver;
  /** Page facts for the payload, read when the payload is built. */
  context: () => LeadContext;
  /** Builds the payload (once per submission: its id is the idempotency key). */
  payload: (input: PayloadInput) => LeadPayload;
  /**
   * Awaited by `submit()` before the payload is built. If it rejects, the attempt fails with a
   * retryable delivery error and nothing is built or sent.
   */
  ready?: () => Promise<void>;
  /** The lead a submission sends, from the one built: see `leadAfterHook` (`false`: cancelled). */
  lead: (built: LeadPayload, beforeSubmit: NonNullable<SessionOptions['beforeSubmit']>) => Promise<LeadPayload | false>;
  /** What listeners and callers are handed instead of the lead itself: see `frozenCopy`. */
  copy: (payload: LeadPayload) => LeadPayload;
  /**
   * What the visitor sees once their part is done (the lead delivered or queued): the first
   * `after` rule that holds for this lead (`afterFor`). Without it, the renderer's default thanks.
   */
  after?: (payload: LeadPayload) => AfterChoice | undefined;
}

export interface SessionEvents {
  /** The visible step changed (index into `visibleSteps`). */
  step: { index: number; step: StepConfig };
  /** A field value changed. */
  change: { field: string; value: FieldValue | undefined };
  /** The visitor submitted and the payload was built (before delivery). */
  submit: { payload: LeadPayload };
  /** The payload reached the endpoint. */
  delivered: { payload: LeadPayload; status?: number };
  /**
   * The visitor's part is done but the lead has not arrived yet: `deliver` kept it to retry in
   * the background (`error`: why the first attempt failed). Whoever retries reports the delivery.
   */
  queued: { payload: LeadPayload; error: DeliveryError };
  /** Something went wrong; the session keeps working. */
  error: { kind: 'delivery'; error: DeliveryError; payload?: LeadPayload };
  /** The visitor said "Not you?": the session restarted as for a new visitor; whoever stores the profile should clear it. */
  notYou: Record<string, never>;
}

export type SessionEventName = keyof SessionEvents;

/**
 * What `SessionOptions.beforeSubmit` may answer: the lead to send (changed or not), `false` to
 * cancel the submission, or nothing to send it unchanged.
 */
export type BeforeSubmitAnswer = LeadPayload | false | undefined | void;

export interface SessionOptions {
  /** Where the payload goes. Default: POST JSON to `submit.endpoint` with an Idempotency-Key header. */
  deliver?: Deliver;
  /**
   * The one way to change or cancel a lead: called once per submission, when its payload is
   * built (before the `submit` event, enrichment and the outbox), with a frozen copy of it.
   * Return a changed copy to send that instead (its `id`, the idempotency key, must stay the
   * same), `false` to cancel (the visitor is back on the form; nothing is sent or remembered),
   * or nothing to send it as it is. If it throws, the attempt fails and nothing is sent: the
   * visitor sees the failure and may try again. Listeners only ever get frozen copies.
   */
  beforeSubmit?: (payload: LeadPayload) => BeforeSubmitAnswer | Promise<BeforeSubmitAnswer>;
  /** Page facts for the payload. Default: read from `location`, `document`, `navigator`, `Intl` when present. */
  context?: () => LeadContext;
  /** Values to start with (e.g. from the host page). Unknown ids are ignored. */
  initialValues?: Readonly<Record<string, FieldValue>>;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Idempotency key source, injectable for tests. Default: crypto.randomUUID(). */
  uuid?: () => string;
  /**
   * What the visitor's browser remembers (read from the profile store before
   * mounting). Planned by `planProfiling`: known pool fields are skipped, known
   * values prefill the others and travel in the payload's `profile`.
   */
  profile?: Profile;
  /** Query parameters for `profiling.urlPrefill` and `from.url`. Default: read from `location.search`. */
  urlParams?: Readonly<Record<string, string>>;
  /** Cookies for `from.cookie`. Default: read from `document.cookie`. */
  cookies?: Readonly<Record<string, string>>;
  /**
   * Called once per submission (when its payload is built, before delivery)
   * with what it teaches the profile, by profile key: each answered field's
   * value, learned now, with its source (form id, version, page without query);
   * a value the profile already had keeps its `learnedAt` and `source` and gets
   * `confirmedAt`. Hidden and consent fields teach nothing (they are not the
   * visitor's answers; consent is given per form). Called whatever
   * `profiling.consent` says: the caller stores or holds the entries. Must not
   * throw (an error is ignored).
   */
  onLearn?: (entries: Profile) => void;
  /**
   * The visitor's behaviour (`createForm`): read by `signal` conditions and scoring rules while
   * the form is filled, and sent as the payload's `context.signals`. The script tag supplies
   * its own tracker's.
   */
  signals?: () => Signals | undefined;
}

export interface FormSession {
  readonly config: FormConfig;
  /** Every current value, by field id (hidden-by-condition values are kept but not submitted). */
  readonly values: ReadonlySignal<Readonly<Record<string, FieldValue>>>;
  /**
   * One field's current value, as `values` has it (a hidden-by-condition or skipped field keeps
   * its value; absent is `undefined`), as a signal that changes only when this field's value
   * does; the same signal for the same id. Read this per field, not `values`: `values` changes
   * with every answer, so a reader per field would make one answer cost O(fields).
   */
  fieldValue(fieldId: string): ReadonlySignal<FieldValue | undefined>;
  /**
   * Steps whose `when` holds, in order, without steps whose every field is
   * skipped by profiling (when that leaves none, the last of them stays, empty,
   * so the visitor can still submit).
   */
  readonly visibleSteps: ReadonlySignal<readonly StepConfig[]>;
  /** Index into `visibleSteps`. */
  readonly stepIndex: ReadonlySignal<number>;
  readonly currentStep: ReadonlySignal<StepConfig>;
  /** Fields of the current step whose `when` holds (hidden-type and skipped fields excluded), in order. */
  readonly currentFields: ReadonlySignal<readonly FieldConfig[]>;
  readonly isFirstStep: ReadonlySignal<boolean>;
  readonly isLastStep: ReadonlySignal<boolean>;
  /** 0..1: share of visible steps completed. */
  readonly progress: ReadonlySignal<number>;
  /** Validation messages shown right now (set by next/submit/validateField, cleared as fields are fixed). */
  readonly errors: ReadonlySignal<FieldErrors>;
  readonly status: ReadonlySignal<SessionStatus>;
  /** Last delivery failure, while status is 'failed'. */
  readonly deliveryError: ReadonlySignal<DeliveryError | undefined>;
  /**
   * Field ids profiling skips this view (known, or beyond `maxNewFields`): not
   * shown, not validated, not in `answers`; their values still count for conditions.
   */
  readonly skipped: ReadonlySignal<ReadonlySet<string>>;
  /** Every pool field is known and only always-ask fields are left: show `profiling.welcomeBack`. */
  readonly welcomeBack: ReadonlySignal<boolean>;
  /** The profile entries of this form's fields: non-empty means a "Not you?" link makes sense. */
  readonly known: ReadonlySignal<Profile>;
  /** After a successful submit: the `after` rule chosen for this lead (title, message, redirect, booking link). */
  readonly after: ReadonlySignal<AfterChoice | undefined>;
  /**
   * The provisional score of the answers so far, kept current as they change: set by
   * `scoreLive` (`createForm` starts it; the script tag once cairn-later.js is loaded, right
   * after the form is interactive). Absent before; `undefined` for a form without `scoring`.
   */
  score?: ReadonlySignal<LeadScore | undefined>;

  /**
   * The seam live scoring plugs into (see `scoreLive`): installs the reader conditions see for
   * `profile`, `signal`, `email` and `score` facts (without one they are absent) and
   * re-evaluates every condition. Call it only when such a fact changed value. "Not you?"
   * starts the values over without it: install it again on `notYou`.
   */
  setFacts(read: FactReader): void;
  /** Is this field shown under the current answers (and not skipped)? (reactive) */
  isVisible(fieldId: string): boolean;
  /** Set a value; `undefined` clears it. Re-evaluates only the conditions that depend on this field. */
  set(fieldId: string, value: FieldValue | undefined): void;
  /** Validate one field now (e.g. on blur) and update `errors`. Returns the message or undefined. */
  validateField(fieldId: string): string | undefined;
  /** Validate the current step; on success move to the next visible step. */
  next(): StepResult;
  /** Move to the previous visible step (no validation). */
  back(): void;
  /** Validate the last step, build the payload (once: retries reuse its id) and deliver it. */
  submit(): Promise<SubmitResult>;
  /**
   * What the visitor's browser remembers changed while the form is open (another tab stored
   * answers): re-plan with `profile`. It only ever shortens the view: fields it now knows (fresh,
   * in the pool, `skipKnown`) are skipped unless the visitor gave them a value or they are on
   * the current step; remembered values prefill every field the visitor has not given a value;
   * no field that was skipped is asked, and the welcome back does not change. The payload's
   * `profile` carries the new entries. Ignored once the lead is delivered.
   *
   * `initial`: this is the stored profile the view should have been planned from, read only after
   * the session was created (`createForm`). While the visitor has answered nothing and is on the
   * first step, the view is planned from it afresh, as if it had been there from the start: known
   * pool fields leave the screen and the next ones are asked, the welcome back shows if it holds.
   */
  updateProfile(profile: Profile, how?: { initial?: boolean }): void;
  /**
   * "Not you?": forget the profile in this session and start again as for a
   * new visitor (values, errors, first step); emits `notYou` so the embed
   * clears the store.
   */
  notYou(): void;
  /** The payload as it would be sent now (a new id unless a submission is pending). */
  buildPayload(): LeadPayload;
  on<E extends SessionEventName>(event: E, listener: (detail: SessionEvents[E]) => void): () => void;
  /** Drop listeners; the session must not be used afterwards. */
  destroy(): void;
}
