import type { LeadPayload } from './lead-payload.js';
import type { SessionOptions } from '../session/form-session.js';

/**
 * A deep, frozen copy of a lead (plain JSON data): what listeners, hooks and callers are handed,
 * so none of them can change the lead that is stored and sent — `beforeSubmit` is the one way to.
 * `structuredClone`, not JSON: a host page's `Array.prototype.toJSON` (prototype.js) must not
 * turn a checkbox's answers into a string.
 */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value == 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key in value) deepFreeze(value[key]);
  }
  return value;
}

/**
 * The lead a submission sends: `built` as `beforeSubmit` leaves it (it gets a frozen copy; what
 * it returns is copied, so it keeps no hold on the lead), or `false` when it cancelled. Rejects,
 * naming the problem, when the hook answered something that is not the lead.
 */
export async function leadAfterHook(built: LeadPayload, beforeSubmit: NonNullable<SessionOptions['beforeSubmit']>): Promise<LeadPayload | false> {
  const answer = await beforeSubmit(frozenCopy(built));
  if (answer === false || answer === built || answer === undefined) return answer ?? built;
  if (typeof answer != 'object' || !answer || Array.isArray(answer))
    throw Error(`beforeSubmit must return the lead (changed or not), false to cancel, or nothing; it returned ${Array.isArray(answer) ? 'an array' : String(answer)}`);
  const lead = structuredClone(answer);
  if (lead.id !== built.id) throw Error(`beforeSubmit changed the lead's id to ${JSON.stringify(lead.id)}: the id is its idempotency key and must stay ${JSON.stringify(built.id)}`);
  return lead;
}
