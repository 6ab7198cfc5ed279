import { h, Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormSession, StepResult, SubmitResult } from '@cairn/core';
import { Field } from './field.js';
import { useSignalValue } from './use-signal-value.js';
import * as w from './words.js';

export interface CairnFormProps {
  /** A session from `createForm`. The component never destroys it: the caller owns it. */
  session: FormSession;
}

let mounts = 0;

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
  // Everything this component shows from the session, read as one snapshot: any change re-renders it.
  // A tuple, not an object: its names would be in the script tag twice.
  const [status, step, known, index, count, last, first, deliveryError, welcomeBack, progressShare, fields, then] = useSignalValue(
    () =>
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
      ] as const,
  );
  const field = (id?: string) => form.current?.querySelector<HTMLElement>(id ? `[name="${id}"]` : '[name]');

  // On a step change focus the new step's heading (or its first field when it
  // has no title) — or the invalid field that caused the change. After "Not
  // you?" (the only thing that changes `known`) focus the first field. Not on
  // first render: the host page keeps its focus when the form loads.
  useEffect(() => {
    // `known` also changes when another tab stores answers (updateProfile): only "Not you?" (which sets `invalid`) moves focus then
    if (shown.current && (invalid.current || at.current != step.id)) ((invalid.current && field(invalid.current)) || heading.current || field())?.focus();
    invalid.current = '';
    at.current = step.id;
    shown.current = true;
  }, [step.id, known]);

  if (status === 'submitted') {
    return (
      <div class="cairn">
        <Done title={then?.title ?? w.THANK_YOU} message={then?.message} booking={then?.booking} book={labels.book ?? w.BOOK} />
      </div>
    );
  }

  const busy = status === 'submitting';
  const failure = status === 'failed' ? deliveryError : undefined;
  const title = step.title ?? c.title;
  const description = step.description ?? (index === 0 ? c.description : undefined);
  const progress = w.stepOf(index + 1, count);
  const welcome = c.profiling?.welcomeBack ?? {};

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
        {description && <p class="d">{description}</p>}
        {Object.keys(known).length > 0 && (
          <p>
            {welcomeBack && (
              <>
                <strong>{welcome.title ?? w.WELCOME_BACK}</strong> {welcome.message ?? w.WELCOME_BACK_MESSAGE}{' '}
              </>
            )}
            <button
              type="button"
              class="k"
              disabled={busy}
              onClick={() => {
                s.notYou();
                // `known` is now empty: the effect above focuses this field once the form re-renders.
                invalid.current = s.currentFields.peek()[0]?.id ?? ' ';
              }}
            >
              {labels.notYou ?? w.NOT_YOU}
            </button>
          </p>
        )}
        {count > 1 && (
          <div>
            <div class="d" id={prefix + 'p'}>
              {progress}
            </div>
            <div
              class="p"
              role="progressbar"
              aria-labelledby={prefix + 'p'}
              aria-valuemin={1}
              aria-valuemax={count}
              aria-valuenow={index + 1}
              aria-valuetext={progress}
            >
              <i style={{ width: `${(progressShare * 100).toFixed(1)}%` }} />
            </div>
          </div>
        )}
        {fields.map((f) => (
          <Field key={f.id} field={f} session={s} id={prefix + f.id} touched={touched} pressing={pressing} />
        ))}
        {failure && <Failure message={failure.message} retry={labels.retry ?? w.RETRY} onRetry={send} />}
        <div
          class="n"
          onPointerDown={(e) => {
            pressing.current = true;
            const release = () => (pressing.current = false);
            e.currentTarget.ownerDocument.addEventListener('pointerup', release, { once: true, capture: true });
            e.currentTarget.ownerDocument.addEventListener('pointercancel', release, { once: true, capture: true });
          }}
        >
          {!first && (
            <button type="button" class="s" disabled={busy} onClick={() => s.back()}>
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

/** Delivery failed: say so, and offer to send the same lead again. */
function Failure({ message, retry, onRetry }: { message: string; retry: string; onRetry: () => void }) {
  // The submit button was disabled while sending, which dropped focus: give it a home.
  const button = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="x" role="alert">
      <span>{message}</span>
      <button type="button" ref={button} onClick={onRetry}>
        {retry}
      </button>
    </div>
  );
}

/** The thank-you view, focused when shown so the visitor hears it. */
function Done({ title, message, booking, book }: { title: string; message?: string | undefined; booking?: string | undefined; book: string }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
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
    </>
  );
}
