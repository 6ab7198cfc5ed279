import { h, Fragment, type ComponentChild } from 'preact';
import type { FieldConfig, FormSession, StepResult, SubmitResult } from '@cairn/core';
import { Bound, FocusOnMount } from './bound.js';
import { Field } from './field.js';
import * as w from './words.js';

type WelcomeBack = NonNullable<NonNullable<FormSession['config']['profiling']>['welcomeBack']>;

export interface CairnFormProps {
  /** A session from `createForm`. The component never destroys it: the caller owns it. */
  session: FormSession;
  /**
   * Renders a field in place of the built-in one, or returns `undefined` for the built-in: how
   * @cairn/react and @cairn/vue put an app's own component there (through a `<slot>`).
   */
  field?: (field: FieldConfig) => ComponentChild;
}

let mounts = 0;

/**
 * Everything `CairnForm` shows from the session, read as one snapshot (`Bound`: any change
 * re-renders it). A tuple, not an object: its names would be in the script tag twice;
 * an arrow, not a function declaration: a few bytes less there too.
 */
const snapshot = (s: FormSession): Snapshot => [
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
];

/** The value of the session's signal `K`. */
type Now<K extends keyof FormSession> = FormSession[K] extends { readonly value: infer T } ? T : never;
type Snapshot = readonly [
  Now<'status'>,
  Now<'currentStep'>,
  Now<'known'>,
  Now<'stepIndex'>,
  number,
  Now<'isLastStep'>,
  Now<'isFirstStep'>,
  Now<'deliveryError'>,
  Now<'welcomeBack'>,
  Now<'progress'>,
  Now<'currentFields'>,
  Now<'after'>,
];

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
export class CairnForm extends Bound<CairnFormProps, Snapshot> {
  private prefix = `cairn-${this.props.session.config.id}-${++mounts}-`;
  /** Field ids the visitor changed (blur validates only those). */
  private touched = new Set<string>();
  private form = { current: null as HTMLFormElement | null };
  private heading = { current: null as HTMLHeadingElement | null };
  /** true while a navigation button is pressed (see `Field`). */
  private pressing = { current: false };
  /** The field to focus once a new step has rendered (when `submit` sends the visitor back). */
  private invalid = '';
  /** The step and the `known` focus was last placed for: only a change of either may move focus. */
  private at?: [string, Snapshot[2]];

  protected read() {
    return snapshot(this.props.session);
  }

  override componentDidMount() {
    super.componentDidMount();
    this.placeFocus();
  }

  override componentDidUpdate() {
    this.placeFocus();
  }

  /**
   * Focus as described above. `known` also changes when another tab stores answers
   * (updateProfile): only "Not you?" (which sets `invalid`) moves focus then.
   */
  private placeFocus() {
    const [, step, known] = this.now;
    const at = this.at;
    if (at?.[0] == step.id && at[1] == known) return;
    const field = this.invalid && this.field(this.invalid);
    if (at && (this.invalid || at[0] != step.id)) (field || this.heading.current || this.field())?.focus();
    this.invalid = '';
    this.at = [step.id, known];
  }

  private field(id?: string) {
    return this.form.current?.querySelector<HTMLElement>(id ? `[name="${id}"]` : '[name]');
  }

  protected show([status, step, known, index, count, last, first, deliveryError, welcomeBack, progressShare, fields, then]: Snapshot) {
    const { session: s } = this.props;
    const { prefix, touched, form, heading, pressing } = this;
    const c = s.config;
    const labels = c.labels ?? {};
    if (status === 'submitted') return <Done title={then?.title ?? w.THANK_YOU} message={then?.message} booking={then?.booking} book={labels.book ?? w.BOOK} />;

    const busy = status === 'submitting';
    const failure = status === 'failed' ? deliveryError : undefined;
    const title = step.title ?? c.title;
    const description = step.description ?? (index === 0 ? c.description : undefined);

    const settle = (r: StepResult | SubmitResult) => {
      if (!r.ok && 'firstInvalid' in r) {
        // Group controls share the field id as `name`: the first one takes focus.
        // If the field is on another step (not rendered yet), `placeFocus` focuses it.
        this.invalid = r.firstInvalid;
        this.field(r.firstInvalid)?.focus();
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
              // `known` is now empty: `placeFocus` focuses this field once the form re-renders.
              this.invalid = s.currentFields.peek()[0]?.id ?? ' ';
            })}
          {count > 1 && progressBar(prefix + 'p', index + 1, count, progressShare)}
          {fields.map((f) => this.props.field?.(f) ?? <Field key={f.id} field={f} session={s} id={prefix + f.id} touched={touched} pressing={pressing} />)}
          <ErrorSummary session={s} />
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
/**
 * The step's one live region for its errors (a field's own message is not one: five "This field
 * is required." announced at once named no field): each field in error on this step, in order,
 * as "Label: message". It is always there, so a screen reader hears what appears in it.
 */
class ErrorSummary extends Bound<{ session: FormSession }, string> {
  protected read() {
    const { currentFields, errors } = this.props.session;
    const now = errors.value;
    return currentFields.value
      .filter((f) => now[f.id])
      .map((f) => `${f.label ?? f.id}: ${now[f.id]}`)
      .join(' ');
  }

  protected show(text: string) {
    return (
      <div class="cairn-sr" role="alert">
        {text}
      </div>
    );
  }
}

class Failure extends FocusOnMount<{ message: string; retry: string; onRetry: () => void }, HTMLButtonElement> {
  // The submit button was disabled while sending, which dropped focus: give it a home.
  override render({ message, retry, onRetry }: Failure['props']) {
    return (
    <div class="cairn-notice" role="alert">
      <span>{message}</span>
      <button type="button" ref={this.target} onClick={onRetry}>
        {retry}
      </button>
    </div>
    );
  }
}

/** The thank-you view (in its own `.cairn` root, like `Notice`), focused when shown so the visitor hears it. */
class Done extends FocusOnMount<{ title: string; message?: string | undefined; booking?: string | undefined; book: string }, HTMLHeadingElement> {
  override render({ title, message, booking, book }: Done['props']) {
    return (
    <div class="cairn">
      <h2 tabIndex={-1} ref={this.target}>
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
}
