import type { LeadPayload } from '../payload/lead-payload.js';
import type { FieldValue } from '../model/values.js';

/**
 * The value a CRM field mapping reads from a lead. A plain key reads the
 * answer, else the remembered profile value (fields skipped because they were
 * known travel in `profile`, not `answers`). Keys starting with `$` read the
 * lead itself, so the idempotency key and attribution can travel to a CRM:
 * `$id`, `$formId`, `$formVersion`, `$submittedAt`, `$page`, `$referrer`,
 * `$locale`, `$timezone`, `$utm.source` (… `.medium`, `.campaign`, `.term`, `.content`), and
 * `$partial` (true on a partial lead, false on a submission).
 */
export function payloadValue(payload: LeadPayload, key: string): FieldValue | undefined {
  if (key.startsWith('$')) return metaValue(payload, key.slice(1));
  return Object.hasOwn(payload.answers, key) ? payload.answers[key] : payload.profile?.[key]?.value;
}

/** The `$` keys a field map may read (without the `$`). */
export const META_KEYS: readonly string[] = [
  'id', 'formId', 'formVersion', 'submittedAt', 'page', 'referrer', 'locale', 'timezone', 'partial',
  'utm.source', 'utm.medium', 'utm.campaign', 'utm.term', 'utm.content',
];

function metaValue(p: LeadPayload, key: string): string | number | boolean | undefined {
  switch (key) {
    case 'partial':
      return !!p.partial;
    case 'id':
      return p.id;
    case 'formId':
      return p.form.id;
    case 'formVersion':
      return p.form.version;
    case 'submittedAt':
      return p.submittedAt;
    case 'page':
      return p.context.page;
    case 'referrer':
      return p.context.referrer || undefined;
    case 'locale':
      return p.context.locale;
    case 'timezone':
      return p.context.timezone;
  }
  const utm = /^utm\.(source|medium|campaign|term|content)$/.exec(key);
  return utm ? p.context.utm[utm[1] as keyof LeadPayload['context']['utm']] : undefined;
}

/**
 * [target name, value] pairs for a field map (Cairn key → CRM field name), in
 * map order, skipping keys without a value. Without a map: every answer under
 * its own name (a form whose field ids already are the CRM's names needs no map).
 */
export function mappedValues(payload: LeadPayload, fields?: Readonly<Record<string, string>>): [string, FieldValue][] {
  if (!fields) return Object.entries(payload.answers);
  const out: [string, FieldValue][] = [];
  for (const [key, name] of Object.entries(fields)) {
    const value = payloadValue(payload, key);
    if (value !== undefined && value !== '') out.push([name, value]);
  }
  return out;
}
