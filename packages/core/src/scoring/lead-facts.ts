import { compileForm } from '../compile/compile-form.js';
import { isPresent, type FactReader } from '../conditions/evaluate-condition.js';
import type { FieldValue } from '../model/values.js';
import type { Profile } from '../profile/profile.js';
import { EMAIL_FACTS } from '../schema/constants.js';
import type { FieldConfig, FormConfig } from '../schema/form-schema.js';
import { readSignal, signalTime } from '../behaviour/read-signal.js';
import type { Signals } from '../behaviour/signals.js';
import { classifyEmail, type EmailFacts } from './email-domain.js';
import type { ScoreFacts } from './score.js';

/** What a lead's facts are read from: this submission's answers, what is remembered, and behaviour. */
export interface LeadFactsInput {
  /** Field id → answer (this submission or, live, the form so far). */
  answers?: Readonly<Record<string, FieldValue | undefined>>;
  /** Profile key → remembered entry (the payload's `profile`). */
  profile?: Profile;
  signals?: Signals;
}

/** `class`, `domain`, `companyDomain`; a class name (`free`) reads whether the address is of it (`{ "email": "free" }`). */
export const emailFact = (email: EmailFacts | undefined, key: string): FieldValue | undefined =>
  !email ? undefined : (EMAIL_FACTS as readonly string[]).includes(key) ? own(email as unknown as Record<string, string>, key) : email.class == key;

const own = <T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  map && Object.hasOwn(map, key) ? map[key] : undefined;

interface FormFields {
  byId: ReadonlyMap<string, FieldConfig>;
  /** Email fields, in display order. */
  emails: readonly FieldConfig[];
  /** Profile key → the fields that have it, in display order. */
  byProfile: ReadonlyMap<string, readonly FieldConfig[]>;
}

// Built once per form (compileForm): live scoring reads facts after every answer.
const fieldsOf = (form: FormConfig): FormFields => {
  const { fields, emails, byProfile } = compileForm(form);
  return { byId: fields, emails, byProfile };
};

/**
 * The facts conditions and scoring rules read about one lead, at time `now`:
 * - `field` id: the answer, else the remembered value of the field's profile key
 *   (a known field skipped by progressive profiling still scores);
 * - `profile` key: the answer of a field with that profile key, else the remembered value;
 * - `signal` key: `readSignal` (a key's time is when it last happened: decay);
 * - `email` class/domain/companyDomain: of the first email field's value, by `classifyEmail`
 *   with `scoring.competitors`; a class name reads `true` when the address is of that class;
 */
export function leadFacts(form: FormConfig, input: LeadFactsInput, now: number): ScoreFacts & { email?: EmailFacts } {
  const { answers, profile, signals } = input;
  const { byId, emails, byProfile } = fieldsOf(form);
  const present = (v: FieldValue | undefined) => (isPresent(v) ? v : undefined);
  const remembered = (key: string) => {
    const entry = own(profile, key);
    return present(typeof entry == 'object' && entry ? entry.value : undefined);
  };
  const field = (id: string) => {
    const f = byId.get(id);
    return present(own(answers, id)) ?? remembered(f?.profile ?? id);
  };
  const profileFact = (key: string) => {
    for (const f of byProfile.get(key) ?? []) {
      const answer = present(own(answers, f.id));
      if (answer !== undefined) return answer;
    }
    return remembered(key);
  };
  // A rule's signal is read to evaluate it, to explain it and for its decay: parse each key once.
  const signalFacts = new Map<string, FieldValue | undefined>();
  const signal = (key: string) => {
    if (!signals) return undefined;
    if (!signalFacts.has(key)) signalFacts.set(key, readSignal(signals, key, now));
    return signalFacts.get(key);
  };
  const address = emails.map((f) => field(f.id)).find((v) => v !== undefined);
  const email = classifyEmail(address, form.scoring?.competitors);

  const read: FactReader = (kind, key) =>
    kind == 'field'
      ? field(key)
      : kind == 'profile'
        ? profileFact(key)
        : kind == 'signal'
          ? signal(key)
          : kind == 'email'
            ? emailFact(email, key)
            : undefined;
  return { read, timeOf: (kind, key) => (kind == 'signal' && signals ? signalTime(signals, key) : undefined), email };
}
