import * as z from 'zod/mini';
import { EMAIL_CLASSES, EMAIL_FACTS, SCORE_FACTS } from './constants.js';
import {
  AfterSchema,
  BookingSchema,
  GradesSchema,
  RouteSchema,
  RuleSchema,
  ScoringSchema,
  SignalsSchema,
  StageSchema,
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

/**
 * Where the schemas @cairn/core ships are, by URL, once the package is on npm: its files through
 * a CDN, by major.minor version (a patch never changes a schema incompatibly). In an app, the
 * same files are `./node_modules/@cairn/core/form.schema.json` and `…/lead.schema.json`.
 * `json-schema.test.ts` checks the version against the package's.
 */
export const SCHEMA_BASE = 'https://unpkg.com/@cairn/core@0.1/';

/** Where editors find the form schema (`"$schema"` in a form config). */
export const FORM_SCHEMA_ID = `${SCHEMA_BASE}form.schema.json`;

/** The `$id` of lead.schema.json, the JSON Schema of `cairn.lead/1` (generated from `LeadPayload`). */
export const LEAD_SCHEMA_ID = `${SCHEMA_BASE}lead.schema.json`;

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
    after: 'What the visitor sees after a successful submit: one rule, or a list of rules tried in order (the first whose "when" holds wins).',
    signals: 'Behaviour signals: page groups whose views conditions and intent rules can read, e.g. "pricing.views".',
    scoring: 'Provisional fit/intent scoring, grade, stage and route, every point explained in the lead (score.reasons).',
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
    when: 'Use this rule only while this condition holds (it may read answers, profile, signals, email and score). Without: always.',
    booking: 'A booking link for hot leads, with answers filled in as query parameters.',
    title: 'Heading shown after a successful submit.',
    message: 'Message shown after a successful submit.',
    redirect: 'Absolute http(s) URL the visitor is sent to after a successful submit.',
  },
  Booking: {
    url: 'Absolute http(s) URL of the scheduling page.',
    params: 'Query parameter → id of the field whose answer fills it (URL-encoded), e.g. { "email": "email", "name": "first_name" }.',
  },
  Signals: {
    pages: 'Page group → path glob ("*": any characters), e.g. { "pricing": "/pricing*" }. Read as "pricing.views", "pricing.last" (days since).',
  },
  Scoring: {
    fit: 'Rules about who the lead is (size, role, country, email class). Points count while "when" holds.',
    intent: 'Rules about what the lead did (signals). Points decay by halfLifeDays since the signal last happened.',
    max: 'Each total is kept between 0 and this (default 100).',
    halfLifeDays: 'Intent points halve every this many days since the signal they read last happened (default 30).',
    grades: 'Least points per grade: fit A/B/C (below: D, default 75/50/25), intent 1/2/3 (below: 4, default 75/50/25). Grade: "B2".',
    stages: 'Stage name → least fit and intent, highest stage first; the first met wins, else "lead". Default { "mql": { "fit": 50, "intent": 50 } }.',
    routes: 'Where a lead goes: the first route whose "when" holds (it may read score fit/intent/grade/stage); a route without "when" is the default.',
    competitors: 'Competitors\' email domains (subdomains too): their addresses are of email class "competitor".',
  },
  Rule: {
    id: 'Rule id, unique across fit and intent; names the reason in score.reasons.',
    when: 'The rule gives its points while this holds.',
    points: 'Points while it holds; negative to lower the score.',
    reason: 'Why, in words sales reads: "Company of 1,000+ employees".',
  },
  Route: {
    when: 'Use this route only while this holds; may read { "score": "grade" } etc. Without: every lead (the default route).',
    route: 'Team or queue name, sent as score.route.',
    priority: 'Sent as score.priority, e.g. "high".',
    respondWithinMinutes: 'The response-time target, sent as score.respondWithinMinutes.',
  },
  Condition: {
    field: 'Id of the field whose answer is compared; use with exactly one operator.',
    profile: 'Profile key of a remembered value (this answer first, else what the visitor told before); use with one operator.',
    signal: 'A behaviour signal "<name>.<metric>": pages.views, visits.count, <page group>.views, <event>.count, <name>.last (days since), forms.<id>.starts.',
    email: 'The visitor\'s email address: "class", "domain" or "companyDomain" with one operator; or a class alone, e.g. { "email": "free" }.',
    score: 'The provisional score: fit, intent, grade, stage (route, priority after routing); use with one operator.',
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
 * `npm run schema`.
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
  names.add(BookingSchema, { id: 'Booking' });
  names.add(SignalsSchema, { id: 'Signals' });
  names.add(ScoringSchema, { id: 'Scoring' });
  names.add(RuleSchema, { id: 'Rule' });
  names.add(RouteSchema, { id: 'Route' });
  names.add(GradesSchema, { id: 'Grades' });
  names.add(StageSchema, { id: 'Stage' });
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
  // Offered as completions by editors; the words are checked by semantic-checks.ts (the script
  // tag's shape check stays small without them).
  const condition = defs.Condition!.properties as Record<string, JsonObject>;
  condition.email!.examples = [...EMAIL_CLASSES, ...EMAIL_FACTS];
  condition.score!.examples = [...SCORE_FACTS];
  defs.Condition!.description =
    'Data, never code. Exactly one of: a fact (field, profile, signal, email, score) with one operator, all, any, not. E.g. { "field": "company_size", "in": ["1000+"] }, { "signal": "pricing.views", "gte": 2 }, { "email": "free" }';
  // a copy: enums may share arrays with the zod schema (FIELD_TYPES, CHOICE_TYPES)
  return structuredClone(schema);
}
