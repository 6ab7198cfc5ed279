import * as z from 'zod/mini';
import {
  AfterSchema,
  CHOICE_TYPES,
  ConditionSchema,
  FieldSchema,
  FieldSourceSchema,
  FormSchema,
  OptionSchema,
  ProfilingSchema,
  StepSchema,
  SubmitSchema,
  WelcomeBackSchema,
} from './form-schema.js';

/** Where editors find the schema (`"$schema"` in a form config). */
export const FORM_SCHEMA_ID = 'https://unpkg.com/@cairn/core/form.schema.json';

/**
 * Descriptions editors show on hover, by definition and property. Kept here,
 * not in the zod schema, so they never reach the script-tag bundle.
 */
const DESCRIPTIONS: Record<string, Record<string, string>> = {
  Form: {
    $schema: 'URL of this JSON Schema, for editor autocomplete. Ignored by Cairn.',
    id: 'Form id, sent with every lead. Letters, digits, _ - . ; starts with a letter or _.',
    version: 'Version of this config, sent with every lead so receivers can tell changes apart.',
    title: 'Heading shown above the form.',
    description: 'Text shown under the title.',
    steps: 'The steps of the form, shown one at a time in this order.',
    submit: 'Where leads are sent.',
    after: 'What the visitor sees after a successful submit.',
    profiling: 'Progressive profiling: ask only what is still unknown about a returning visitor, a few fields per visit.',
    labels: 'Button labels and other visitor-facing words, for localisation.',
  },
  Step: {
    id: 'Step id, unique in the form.',
    title: 'Heading of the step.',
    description: 'Text shown under the step title.',
    when: 'Show the step only while this condition holds; it may use fields of earlier steps.',
    fields: 'The fields of the step, in display order.',
  },
  Field: {
    id: 'Field id: the key of the answer in the lead payload. Unique in the form.',
    type: 'What the field asks for. select, radio and checkboxes need options.',
    label: 'The question. Required except for hidden fields; for consent, the consent text.',
    placeholder: 'Example text shown in an empty input.',
    help: 'Extra help shown under the field.',
    required: 'The visitor must answer before going on.',
    options: 'Choices of a select, radio or checkboxes field: "Label" or { "value", "label" }.',
    min: 'number: smallest value; text-like: shortest length; checkboxes: fewest choices.',
    max: 'number: largest value; text-like: longest length; checkboxes: most choices.',
    pattern: 'A regular expression the whole value must match (text-like fields).',
    patternMessage: 'Shown when the value does not match pattern.',
    when: 'Show the field (and submit its value) only while this condition holds.',
    default: 'Initial value; for choice fields one of the option values (a list for checkboxes).',
    profile:
      'Profile key the answer is remembered under (default: the field id). Fields of other forms with the same key share the answer; give them the same type.',
    from: 'Take the value from a URL parameter or a cookie: the value of a hidden field, or a prefill a visible field still shows. Values passed to Cairn.mount win.',
  },
  FieldSource: {
    url: 'Name of a URL query parameter, e.g. "gclid".',
    cookie: 'Name of a cookie, e.g. "hubspotutk"; its raw value is used.',
  },
  Profiling: {
    maxNewFields: 'How many unknown pool fields are asked per view (default 3); the rest wait for a later visit.',
    pool: 'Field ids in priority order: asked only while unknown (or stale), at most maxNewFields per view; known ones are skipped and their values still travel in the lead.',
    alwaysAsk: 'Field ids always shown, prefilled when known (e.g. email). Not in pool.',
    refreshAfterDays:
      'A known value older than this many days is asked again (prefilled). A number for every field, or { "field_id": days }.',
    skipKnown: 'false: show known pool fields too, prefilled (default true: skip them).',
    consent:
      '"none" (default): remember answers at once. "required": remember nothing until the visitor consents, with a consent field of the form or Cairn.consent(true).',
    retentionDays: 'Remembered values older than this many days are forgotten (default 365).',
    migrate: 'Renamed fields: { "old_profile_key": "new_profile_key" }. The new key must be the profile key of a field.',
    urlPrefill: 'Field ids a URL parameter of the same name may prefill (shown, never skipped on its word).',
    welcomeBack: 'Shown when every pool field is known and only always-ask fields are left.',
  },
  WelcomeBack: {
    title: 'Heading shown to a returning visitor, e.g. "Welcome back!".',
    message: 'Text shown to a returning visitor, e.g. "Just confirm your email and we will be in touch."',
  },
  Submit: {
    endpoint: "Where the lead is POSTed: an absolute http(s) URL, or a path starting with '/', './' or '../'.",
    format: 'Body format: json (the cairn.lead/1 payload), hubspot or salesforce.',
    headers: 'Extra request headers (json format).',
  },
  After: {
    title: 'Heading shown after a successful submit.',
    message: 'Message shown after a successful submit.',
    redirect: 'Absolute http(s) URL the visitor is sent to after a successful submit.',
  },
  Condition: {
    field: 'Id of the field whose answer is compared; use with exactly one operator.',
    equals: 'The answer equals this value.',
    notEquals: 'The answer does not equal this value.',
    in: 'The answer is one of these values.',
    notIn: 'The answer is none of these values.',
    gt: 'The answer is greater than this number.',
    gte: 'The answer is greater than or equal to this number.',
    lt: 'The answer is less than this number.',
    lte: 'The answer is less than or equal to this number.',
    contains: 'The answer (text or list of choices) contains this value.',
    exists: 'true: the field has an answer; false: it has none.',
    all: 'Every one of these conditions holds.',
    any: 'At least one of these conditions holds.',
    not: 'This condition does not hold.',
  },
};

type JsonObject = { [key: string]: unknown };

/**
 * The JSON Schema (draft 2020-12) of a form config, for editors and the CLI.
 * Generated from the zod schema; `form.schema.json` is this, written by
 * `pnpm schema`.
 */
export function formJsonSchema(): JsonObject {
  const names = z.registry<{ id: string }>();
  names.add(StepSchema, { id: 'Step' });
  names.add(FieldSchema, { id: 'Field' });
  names.add(OptionSchema, { id: 'Option' });
  names.add(ConditionSchema, { id: 'Condition' });
  names.add(SubmitSchema, { id: 'Submit' });
  names.add(AfterSchema, { id: 'After' });
  names.add(ProfilingSchema, { id: 'Profiling' });
  names.add(FieldSourceSchema, { id: 'FieldSource' });
  names.add(WelcomeBackSchema, { id: 'WelcomeBack' });
  const generated = z.toJSONSchema(FormSchema, { metadata: names, io: 'input' }) as JsonObject;
  const { $schema, ...rest } = generated;
  const schema: JsonObject = {
    $schema,
    $id: FORM_SCHEMA_ID,
    title: 'Cairn form',
    description: 'A Cairn form config: steps of fields, conditions, and where leads are sent.',
    ...rest,
  };
  const defs = schema.$defs as Record<string, JsonObject>;
  for (const [name, props] of Object.entries(DESCRIPTIONS)) {
    const properties = (name === 'Form' ? schema : defs[name]!).properties as Record<string, JsonObject>;
    for (const [key, description] of Object.entries(props)) properties[key]!.description = description;
  }
  // Two whole-form rules an editor can flag as you type (semantic-checks.ts has them all).
  defs.Field!.allOf = [
    {
      if: { properties: { type: { enum: CHOICE_TYPES } }, required: ['type'] },
      then: { properties: { options: { minItems: 1 } }, required: ['options'] },
    },
    { if: { properties: { type: { const: 'hidden' } }, required: ['type'] }, else: { required: ['label'] } },
  ];
  defs.Condition!.description =
    'Data, never code. Exactly one of: a field with one operator, all, any, not. E.g. { "field": "company_size", "in": ["1000+"] }';
  // a copy: enums may share arrays with the zod schema (FIELD_TYPES, CHOICE_TYPES)
  return structuredClone(schema);
}
