import * as z from 'zod/mini';
import { CONSENT_MODES, FIELD_TYPES, SUBMIT_FORMATS } from './constants.js';
import type { EmailClass, EmailFact, ScoreFact } from './constants.js';
import { DestinationsSchema } from '../delivery/schema/destination-schema.js';

/**
 * The form config, defined once. Types are inferred from here; the JSON Schema
 * for editors (form.schema.json) is generated from here. `zod/mini` keeps the
 * script-tag bundle small and never calls `new Function` (strict CSP).
 *
 * Structural rules live in this file; rules that need the whole form (unique ids,
 * conditions that name real fields, option lists) live in `semantic-checks.ts`.
 */

export {
  FIELD_TYPES,
  CHOICE_TYPES,
  COMPARISON_OPERATORS,
  FACT_KINDS,
  SUBMIT_FORMATS,
  CONSENT_MODES,
  SCORE_FACTS,
  EMAIL_CLASSES,
  EMAIL_FACTS,
} from './constants.js';
export type { FieldType, ComparisonOperator, FactKind, ScoreFact, EmailClass, EmailFact } from './constants.js';

export type { Scalar } from '../model/values.js';
import type { Scalar } from '../model/values.js';

/**
 * A condition is JSON data, evaluated by `evaluateCondition`, never by `eval`.
 * Exactly one of: a fact with exactly one operator, `all`, `any`, `not`.
 * Facts: `field` (an answer), `profile` (a remembered value), `signal`
 * (`"pricing.views"`), `email` (`"class"`, `"domain"`, `"companyDomain"` — or a
 * class alone, `{ "email": "free" }`, with no operator) and `score` (`"stage"`).
 */
export interface Condition {
  field?: string;
  profile?: string;
  signal?: string;
  email?: EmailClass | EmailFact;
  score?: ScoreFact;
  equals?: Scalar;
  notEquals?: Scalar;
  in?: Scalar[];
  notIn?: Scalar[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  contains?: Scalar;
  exists?: boolean;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Not a name every JavaScript object already has (`__proto__`, `constructor`, `toString`…): as a
 * key of the answers, the profile or any record keyed by ids it would read that built-in, or
 * (`__proto__`) write to the prototype of every object on the host page. Every `__…__` name is
 * reserved (shorter in cairn.js than listing `__proto__`, `__defineGetter__` and the others).
 */
export const NOT_BUILT_IN: string = '(?!(?:__.*__|constructor|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|to(?:Locale)?String|valueOf)$)';

/** Ids are used in payload keys and DOM ids: keep them plain. */
const id = z.string().check(z.regex(new RegExp(`^${NOT_BUILT_IN}[A-Za-z_][A-Za-z0-9_.-]*$`)));
const name = z.string().check(z.minLength(1));
/** A profile key: any name but a built-in one. */
const profileKey = z.string().check(z.minLength(1), z.regex(new RegExp(`^${NOT_BUILT_IN}`)));

// One object with every key optional (rather than a union of shapes) so that a
// typo gets "unknown key 'equal' — did you mean 'equals'?" instead of a
// "no union member matched" wall; the one-fact-one-operator rule is checked in
// semantic-checks.ts with a message that names the keys.
export const ConditionSchema: z.ZodMiniType<Condition> = z.strictObject({
  field: z.optional(z.string()),
  profile: z.optional(profileKey),
  signal: z.optional(z.string()),
  // plain strings here (checked in semantic-checks.ts): the script tag's shape check stays small
  email: z.optional(z.string()) as z.ZodMiniOptional<z.ZodMiniType<EmailClass | EmailFact>>,
  score: z.optional(z.string()) as z.ZodMiniOptional<z.ZodMiniType<ScoreFact>>,
  equals: z.optional(scalar),
  notEquals: z.optional(scalar),
  in: z.optional(z.array(scalar)),
  notIn: z.optional(z.array(scalar)),
  gt: z.optional(z.number()),
  gte: z.optional(z.number()),
  lt: z.optional(z.number()),
  lte: z.optional(z.number()),
  contains: z.optional(scalar),
  exists: z.optional(z.boolean()),
  get all() {
    return z.optional(z.array(ConditionSchema));
  },
  get any() {
    return z.optional(z.array(ConditionSchema));
  },
  get not() {
    return z.optional(ConditionSchema);
  },
});

export const OptionSchema = z.union([
  z.string(),
  z.strictObject({ value: z.string(), label: z.string() }),
]);
export type OptionInput = z.infer<typeof OptionSchema>;

/** Where a field takes its starting value from (after `Cairn.mount` values; a shown field is prefilled, never skipped on its word). */
export const FieldSourceSchema = z.strictObject({
  /** A URL query parameter. */
  url: z.optional(name),
  /** A cookie. */
  cookie: z.optional(name),
});
export type FieldSource = z.infer<typeof FieldSourceSchema>;

export const FieldSchema = z.strictObject({
  id,
  type: z.enum(FIELD_TYPES),
  label: z.optional(z.string()),
  placeholder: z.optional(z.string()),
  help: z.optional(z.string()),
  required: z.optional(z.boolean()),
  options: z.optional(z.array(OptionSchema)),
  /** number: smallest value; text-like: shortest length; checkboxes: fewest choices. */
  min: z.optional(z.number()),
  /** number: largest value; text-like: longest length; checkboxes: most choices. */
  max: z.optional(z.number()),
  /** A regular expression the whole value must match (text-like fields). */
  pattern: z.optional(z.string()),
  /** Shown when `pattern` does not match. */
  patternMessage: z.optional(z.string()),
  /** The field is shown (and its value submitted) only while this holds. */
  when: z.optional(ConditionSchema),
  default: z.optional(z.union([scalar, z.array(z.string())])),
  /** Profile key the answer is remembered under (default: the field id); fields of other forms with the same key share it. */
  profile: z.optional(profileKey),
  /** Take the value from a URL parameter or a cookie (hidden fields), or prefill from it. */
  from: z.optional(FieldSourceSchema),
});
export type FieldConfig = z.infer<typeof FieldSchema>;

export const StepSchema = z.strictObject({
  id,
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  /** The step is shown only while this holds; its fields are skipped otherwise. */
  when: z.optional(ConditionSchema),
  fields: z.array(FieldSchema).check(z.minLength(1)),
});
export type StepConfig = z.infer<typeof StepSchema>;

/**
 * A partial lead (opt-in): once the visitor gave valid values for every one of `fields` but did
 * not submit within `afterSeconds` of their last change (or left the page), one lead with
 * `partial: true` goes to the same destinations. Field ids are checked in semantic-checks.ts.
 */
export const PartialSchema = z.strictObject({
  /** Quiet time after the last change before the partial lead goes (default 60). */
  afterSeconds: z.optional(z.number()),
  /** Field ids that must all hold a valid value, e.g. `["email"]`. */
  fields: z.array(z.string()).check(z.minLength(1)),
});
export type PartialConfig = z.infer<typeof PartialSchema>;

/** Enrichment by URL: the lead's email and company domain are POSTed there; the JSON answer becomes `payload.enrichment`. */
export const EnrichSchema = z.strictObject({
  /** Absolute http(s) URL, or a path resolved against the page. */
  url: z.string().check(z.minLength(1)),
  /** No answer within this many milliseconds: the lead goes without (default 1500). */
  timeoutMs: z.optional(z.number()),
});
export type EnrichConfig = z.infer<typeof EnrichSchema>;

/** Where leads go: `endpoint` (one JSON webhook) or `destinations` (several, any format); at least one of them. */
export const SubmitSchema = z.strictObject({
  /** Absolute URL, or a path resolved against the page. Ignored when `destinations` is given. */
  endpoint: z.optional(z.string().check(z.minLength(1))),
  format: z.optional(z.enum(SUBMIT_FORMATS)),
  /** Extra request headers (json format). */
  headers: z.optional(z.record(z.string(), z.string())),
  /** Several destinations, each with its own retries: json, hubspot, salesforce, custom. */
  destinations: z.optional(DestinationsSchema),
  /** Send a `partial: true` lead when a visitor who gave these fields leaves without submitting. */
  partial: z.optional(PartialSchema),
  /** Add firmographics from a URL before the lead is stored (fails open). */
  enrich: z.optional(EnrichSchema),
});
export type SubmitConfig = z.infer<typeof SubmitSchema>;

/**
 * Events for analytics tools (opt-in): `cairn_view`, `cairn_start`, `cairn_step`, `cairn_submit`,
 * `cairn_delivered` pushed to `window.dataLayer` and/or sent with Segment's `analytics.track`.
 * No answer leaves this way unless its field id is in `fields`.
 */
export const AnalyticsSchema = z.strictObject({
  /** Push events to `window.dataLayer` (Google Tag Manager). */
  dataLayer: z.optional(z.boolean()),
  /** Call `analytics.track` (and `identify` on submit) when Segment's `window.analytics` exists. */
  segment: z.optional(z.boolean()),
  /** Field ids whose answers may go with the events (e.g. `["company_size"]`; `email` also identifies the visitor). */
  fields: z.optional(z.array(z.string())),
});
export type AnalyticsConfig = z.infer<typeof AnalyticsSchema>;

/** A booking link for hot leads: `url` with answers added as query parameters. */
export const BookingSchema = z.strictObject({
  /** Absolute http(s) URL of the scheduling page (Calendly, HubSpot meetings, Chili Piper…). */
  url: z.string(),
  /** Query parameter → field id whose answer fills it, URL-encoded: `{ "email": "email", "name": "first_name" }`. */
  params: z.optional(z.record(z.string(), z.string())),
});
export type BookingConfig = z.infer<typeof BookingSchema>;

/**
 * What the visitor sees after a successful submit. `after` is one of these, or a list
 * of them tried in order: the first whose `when` holds (no `when`: always) wins.
 */
export const AfterSchema = z.strictObject({
  /** This rule applies only while this holds (it may read answers, profile, signals, email and score). */
  when: z.optional(ConditionSchema),
  title: z.optional(z.string()),
  message: z.optional(z.string()),
  /** Absolute http(s) URL the visitor is sent to after a successful submit. */
  redirect: z.optional(z.string()),
  booking: z.optional(BookingSchema),
});
export type AfterConfig = z.infer<typeof AfterSchema>;

export const WelcomeBackSchema = z.strictObject({
  title: z.optional(z.string()),
  message: z.optional(z.string()),
});

/** Progressive profiling: which remembered answers skip or prefill fields. Field ids are checked in semantic-checks.ts. */
export const ProfilingSchema = z.strictObject({
  /** Unknown pool fields asked per view (default 3); the rest wait for a later visit. */
  maxNewFields: z.optional(z.number()),
  /** Field ids, in priority order, asked only while unknown (or stale). */
  pool: z.optional(z.array(z.string())),
  /** Field ids always shown, prefilled when known. */
  alwaysAsk: z.optional(z.array(z.string())),
  /** A known value older than this many days is asked again: for every field, or by field id. */
  refreshAfterDays: z.optional(z.union([z.number(), z.record(z.string(), z.number())])),
  /** false: show known pool fields too, prefilled (default true: skip them). */
  skipKnown: z.optional(z.boolean()),
  consent: z.optional(z.enum(CONSENT_MODES)),
  /** Remembered values older than this many days are forgotten (default 365). */
  retentionDays: z.optional(z.number()),
  /** Old profile key → new profile key, for renamed fields. */
  migrate: z.optional(z.record(z.string(), z.string())),
  /** Field ids that URL parameters of the same name may prefill. */
  urlPrefill: z.optional(z.array(z.string())),
  welcomeBack: z.optional(WelcomeBackSchema),
});
export type ProfilingConfig = z.infer<typeof ProfilingSchema>;

/** Behaviour signals: which pages count as which group (`pricing.views`). Names are checked in semantic-checks.ts. */
export const SignalsSchema = z.strictObject({
  /** Page group → path glob, `*` for any characters: `{ "pricing": "/pricing*" }`. Case-insensitive, path only (no query). */
  pages: z.optional(z.record(z.string(), z.string())),
});
export type SignalsConfig = z.infer<typeof SignalsSchema>;

/**
 * A scoring rule: `points` (negative allowed) while `when` holds, explained by `reason`.
 * Rule ids are unique across `fit` and `intent`.
 */
export const RuleSchema = z.strictObject({
  id,
  when: ConditionSchema,
  points: z.number(),
  /** Why, in words sales reads: "Company of 1,000+ employees". */
  reason: name,
});
export type RuleConfig = z.infer<typeof RuleSchema>;

/** The least points (`fit` A/B/C, `intent` 1/2/3) for a grade; below the last one is D (fit) or 4 (intent). */
export const GradesSchema = z.strictObject({
  /** Default `{ "A": 75, "B": 50, "C": 25 }`. */
  fit: z.optional(z.strictObject({ A: z.optional(z.number()), B: z.optional(z.number()), C: z.optional(z.number()) })),
  /** Default `{ "1": 75, "2": 50, "3": 25 }`. */
  intent: z.optional(z.strictObject({ 1: z.optional(z.number()), 2: z.optional(z.number()), 3: z.optional(z.number()) })),
});
export type GradesConfig = z.infer<typeof GradesSchema>;

/** A stage's least `fit` and `intent` (an absent one is no requirement). */
export const StageSchema = z.strictObject({ fit: z.optional(z.number()), intent: z.optional(z.number()) });

/** Where a lead goes: the first route whose `when` holds; a route without `when` matches every lead. */
export const RouteSchema = z.strictObject({
  /** May read the score's fit, intent, grade and stage, and every other fact. */
  when: z.optional(ConditionSchema),
  /** Team or queue name, sent as `score.route`. */
  route: name,
  /** Sent as `score.priority`, e.g. "high" or "P1". */
  priority: z.optional(name),
  /** The response-time target, sent as `score.respondWithinMinutes`. */
  respondWithinMinutes: z.optional(z.number()),
});
export type RouteConfig = z.infer<typeof RouteSchema>;

/**
 * Provisional scoring in the browser (and again, identically, in Node): `fit` (who they
 * are) and `intent` (what they did), a grade, a stage and a route, every point explained.
 */
export const ScoringSchema = z.strictObject({
  fit: z.optional(z.array(RuleSchema)),
  intent: z.optional(z.array(RuleSchema)),
  /** Each total is kept between 0 and this (default 100 for both). */
  max: z.optional(z.strictObject({ fit: z.optional(z.number()), intent: z.optional(z.number()) })),
  /** Intent points halve every this many days since the signal they read last happened (default 30). */
  halfLifeDays: z.optional(z.number()),
  grades: z.optional(GradesSchema),
  /** Stage name → least fit/intent, highest stage first; the first met wins, else "lead" (default `{ "mql": { "fit": 50, "intent": 50 } }`). */
  stages: z.optional(z.record(z.string(), StageSchema)),
  routes: z.optional(z.array(RouteSchema)),
  /** Competitors' email domains (subdomains too): their addresses are of class "competitor". */
  competitors: z.optional(z.array(z.string())),
});
export type ScoringConfig = z.infer<typeof ScoringSchema>;

export const FormSchema = z.strictObject({
  /** Lets editors find the JSON Schema; ignored by Cairn. */
  $schema: z.optional(z.string()),
  id,
  version: z.union([z.string(), z.number()]),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  steps: z.array(StepSchema).check(z.minLength(1)),
  submit: SubmitSchema,
  /** What the visitor sees after submitting: one rule, or a list tried in order (first match wins). */
  after: z.optional(z.union([AfterSchema, z.array(AfterSchema)])),
  profiling: z.optional(ProfilingSchema),
  signals: z.optional(SignalsSchema),
  scoring: z.optional(ScoringSchema),
  analytics: z.optional(AnalyticsSchema),
  /** Button labels and other visitor-facing words, for localisation. */
  labels: z.optional(
    z.strictObject({
      next: z.optional(z.string()),
      back: z.optional(z.string()),
      submit: z.optional(z.string()),
      retry: z.optional(z.string()),
      required: z.optional(z.string()),
      /** The link that forgets a returning visitor and starts over (default "Not you?"). */
      notYou: z.optional(z.string()),
      /** The booking link's text in the thank-you view (default "Book a meeting"). */
      book: z.optional(z.string()),
    }),
  ),
});
export type FormConfig = z.infer<typeof FormSchema>;
