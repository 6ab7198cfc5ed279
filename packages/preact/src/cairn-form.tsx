import { h, Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormSession, StepResult, SubmitResult } from '@cairn/core';
import { Field } from './field.js';
import { useSignalValue } from './use-signal-value.js';
import * as w from './words.js';

type WelcomeBack = NonNullable<NonNullable<FormSession['config']['profiling']>['welcomeBack']>;

export interface CairnFormProps {
  /** A session from `createForm`. The component never destroys it: the caller owns it. */
  session: FormSession;
}

let mounts = 0;

/**
 * Everything `CairnForm` shows from the session, read as one snapshot (in `useSignalValue`: any
 * change re-renders it). A tuple, not an object: its names would be in the script tag twice;
 * an arrow, not a function declaration: a few bytes less there too.
 */
const snapshot = (s: FormSession) =>
  [
    s.status.value,
    s.currentStep.value,
    s.known.value,
    s.stepIndex.value,
    s.visibleSteps.value.length,
    s.isLastStep.value,
    s.isFirstStep.value,
    s.deliveryError.value,
    s.welcomeBack.value,
    s.progress.value,
    s.currentFields.value,
    s.after.value,
  ] as const;

/** Focuses its element when it mounts: for views that replace what had focus. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/**
 * Renders a form session: the current step's fields, progress, navigation,
 * delivery failure with "Try again", and the thank-you view. All state lives in
 * the session; this component only reads its signals and calls its commands.
 *
 * Focus: on a step change, the new step's heading (or its first field when it has
 * no title) — or the invalid field that caused the change. After "Not you?" (the
 * only thing that changes `known`), the first field. Not on first render: the host
 * page keeps its focus when the form loads.
 */
export function CairnForm({ session: s }: CairnFormProps) {
  const c = s.config;
  const labels = c.labels ?? {};
  const [prefix] = useState(() => `cairn-${c.id}-${++mounts}-`);
  const [touched] = useState(() => new Set<string>());
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(false);
  const pressing = useRef(false);
  /** The field to focus once a new step has rendered (when `submit` sends the visitor back). */
  const invalid = useRef('');
  /** The step focus was last placed for: a new step moves focus, nothing else does (but "Not you?"). */
  const at = useRef('');
  const [status, step, known, index, count, last, first, deliveryError, welcomeBack, progressShare, fields, then] = useSignalValue(() => snapshot(s));
  const field = (id?: string) => form.current?.querySelector<HTMLElement>(id ? `[name="${id}"]` : '[name]');

  // Focus as described above. `known` also changes when another tab stores answers
  // (updateProfile): only "Not you?" (which sets `invalid`) moves focus then.
  useEffect(() => {
    if (shown.current && (invalid.current || at.current != step.id)) ((invalid.current && field(invalid.current)) || heading.current || field())?.focus();
    invalid.current = '';
    at.current = step.id;
    shown.current = true;
  }, [step.id, known]);

  if (status === 'submitted') return <Done title={then?.title ?? w.THANK_YOU} message={then?.message} booking={then?.booking} book={labels.book ?? w.BOOK} />;

  const busy = status === 'submitting';
  const failure = status === 'failed' ? deliveryError : undefined;
  const title = step.title ?? c.title;
  const description = step.description ?? (index === 0 ? c.description : undefined);

  const settle = (r: StepResult | SubmitResult) => {
    if (!r.ok && 'firstInvalid' in r) {
      // Group controls share the field id as `name`: the first one takes focus.
      // If the field is on another step (not rendered yet), the effect above focuses it.
      invalid.current = r.firstInvalid;
      field(r.firstInvalid)?.focus();
    }
  };
  const send = () => s.submit().then(settle);

  return (
    <div class="cairn">
      <form
        ref={form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          if (last) send();
          else settle(s.next());
        }}
      >
        {title && (
          <h2 tabIndex={-1} ref={heading}>
            {title}
          </h2>
        )}
        {description && <p class="cairn-description">{description}</p>}
        {Object.keys(known).length > 0 &&
          notYouLine(welcomeBack && (c.profiling?.welcomeBack ?? {}), labels.notYou ?? w.NOT_YOU, busy, () => {
            s.notYou();
            // `known` is now empty: the effect above focuses this field once the form re-renders.
            invalid.current = s.currentFields.peek()[0]?.id ?? ' ';
          })}
        {count > 1 && progressBar(prefix + 'p', index + 1, count, progressShare)}
        {fields.map((f) => (
          <Field key={f.id} field={f} session={s} id={prefix + f.id} touched={touched} pressing={pressing} />
        ))}
        {failure && <Failure message={failure.message} retry={labels.retry ?? w.RETRY} onRetry={send} />}
        <div
          class="cairn-nav"
          onPointerDown={(e) => {
            pressing.current = true;
            const release = () => (pressing.current = false);
            e.currentTarget.ownerDocument.addEventListener('pointerup', release, { once: true, capture: true });
            e.currentTarget.ownerDocument.addEventListener('pointercancel', release, { once: true, capture: true });
          }}
        >
          {!first && (
            <button type="button" class="cairn-secondary" disabled={busy} onClick={() => s.back()}>
              {labels.back ?? w.BACK}
            </button>
          )}
          <button type="submit" disabled={busy} aria-busy={busy || undefined}>
            {last ? (labels.submit ?? w.SUBMIT) : (labels.next ?? w.NEXT)}
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * A returning visitor's line: "Not you?" (a button that looks like a link), after the welcome
 * back when `welcome` is given (only always-ask fields left). Render helpers like this one and
 * `progressBar` are plain functions (no hooks), called with what `CairnForm` read.
 */
function notYouLine(welcome: WelcomeBack | false, label: string, busy: boolean, onNotYou: () => void) {
  return (
    <p>
      {welcome && (
        <>
          <strong>{welcome.title ?? w.WELCOME_BACK}</strong> {welcome.message ?? w.WELCOME_BACK_MESSAGE}{' '}
        </>
      )}
      <button type="button" class="cairn-link-button" disabled={busy} onClick={onNotYou}>
        {label}
      </button>
    </p>
  );
}

/** "Step 2 of 3" and a progress bar labelled by it; `share` is how much of the form is done (0 to 1). */
function progressBar(id: string, step: number, count: number, share: number) {
  const text = w.stepOf(step, count);
  return (
    <div>
      <div class="cairn-description" id={id}>
        {text}
      </div>
      <div class="cairn-progress" role="progressbar" aria-labelledby={id} aria-valuemin={1} aria-valuemax={count} aria-valuenow={step} aria-valuetext={text}>
        <i style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

/** Delivery failed: say so, and offer to send the same lead again. */
function Failure({ message, retry, onRetry }: { message: string; retry: string; onRetry: () => void }) {
  // The submit button was disabled while sending, which dropped focus: give it a home.
  const button = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="cairn-notice" role="alert">
      <span>{message}</span>
      <button type="button" ref={button} onClick={onRetry}>
        {retry}
      </button>
    </div>
  );
}

/** The thank-you view (in its own `.cairn` root, like `Notice`), focused when shown so the visitor hears it. */
function Done({ title, message, booking, book }: { title: string; message?: string | undefined; booking?: string | undefined; book: string }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div class="cairn">
      <h2 tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {message && <p>{message}</p>}
      {/* only ever an http(s) URL (semantic checks), opened as a plain link */}
      {booking && /^https?:\/\//i.test(booking) && (
        <p>
          <a href={booking} target="_blank" rel="noopener">
            {book}
          </a>
        </p>
      )}
    </div>
  );
}
