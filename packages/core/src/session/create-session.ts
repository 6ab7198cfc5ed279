import { batch, signal } from '@preact/signals-core';
import type { FormConfig } from '../schema/form-schema.js';
import type { DeliveryError, FieldErrors, FormSession, SessionEvents, SessionOptions, SessionServices, SessionStatus } from './form-session.js';
import { createEmitter } from './emitter.js';
import { indexFields } from '../compile/compile-form.js';
import { sessionValues } from './session-values.js';
import { sessionNavigation } from './session-navigation.js';
import { sessionSubmission } from './session-submission.js';

/**
 * A form session: the state of one visitor filling one form, as signals, and
 * the commands a renderer calls. See `FormSession` for the contract.
 *
 * `services` are the parts only a submission needs (payload, page facts,
 * delivery). `createForm` supplies the standard ones; the script tag supplies
 * them from a module it loads after the form is interactive, and makes
 * `submit()` wait for it through `ready`.
 *
 * Three parts over one field index, sharing the messages, the status and the events: the values
 * (`sessionValues`, with `sessionVisibility`: what they show), the steps (`sessionNavigation`) and
 * the submission (`sessionSubmission`). Each takes these first, in the same order: the calls then
 * compress well in cairn.js.
 */
export function createSession(config: FormConfig, options: SessionOptions, services: SessionServices): FormSession {
  const clock = options.now ?? (() => new Date());
  // Field id → config, in display order (duplicate ids are a config error; the first wins, everywhere).
  const index = indexFields(config);
  const errors = signal<FieldErrors>({});
  const status = signal<SessionStatus>('editing');
  const deliveryError = signal<DeliveryError | undefined>(undefined);
  const emitter = createEmitter<SessionEvents>();

  const [values, visibility, shownFields, validate, known, shownAnswers, restart] = sessionValues(
    config,
    errors,
    status,
    emitter,
    options,
    clock,
    index,
    () => forget(),
    () => steps,
  );
  const [steps, stopAtInvalid, toFirstStep] = sessionNavigation(config, errors, status, emitter, values, visibility, shownFields, validate);
  const [submission, forget] = sessionSubmission(
    config,
    errors,
    status,
    emitter,
    options,
    clock,
    index,
    deliveryError,
    services,
    known,
    shownAnswers,
    stopAtInvalid,
  );

  return {
    config,
    ...values,
    ...steps,
    ...submission,
    errors,
    status,
    deliveryError,
    notYou() {
      batch(() => {
        restart();
        errors.value = {};
        // a failed delivery was someone else's lead: the new visitor starts from a clean slate
        if (status.peek() === 'failed') status.value = 'editing';
        deliveryError.value = undefined;
        toFirstStep();
      });
      forget();
      emitter.emit('notYou', {});
    },
    on: emitter.on,
    destroy: emitter.clear,
  };
}
