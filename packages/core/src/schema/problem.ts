/**
 * The problems the semantic checks find, as values: where (`path`), which rule
 * (`code`) and the facts its wording needs (`data`), never words. The checks
 * run in the script-tag bundle (`checkForm`); the wording lives in
 * `problem-messages.ts`, which only `parseForm` loads.
 */

/** Per code, the facts its message is made from. */
export interface ProblemFacts {
  /** `at`: where the id is first used. */
  duplicate_step_id: { id: string; at: string };
  /** `at`: where the id is first used; a `profiling.…` place when it is listed twice across `pool` and `alwaysAsk`. */
  duplicate_field_id: { id: string; at: string };
  /** One profile key (`id`) on fields of two types: this field's `type`, and `value`, the type of the field `at` the first. */
  invalid: { id: string; type: string; at: string; value: string };
  missing_label: { type: string };
  missing_options: { type: string };
  unexpected_options: { type: string };
  /** `at`: the index of the earlier equal option. */
  duplicate_option: { value: string; at: number };
  /** An option value with a space (or other white space) at its start or end. */
  untrimmed_option: { value: string };
  /** A default of the wrong shape (`type` alone), ticked consent, or a value that is not an option. */
  invalid_default: { type: string } | { type: 'consent'; value: true } | { value: unknown; values: readonly string[] };
  invalid_range:
    // a field's min above its max
    | { min: number; max: number }
    // a count or a duration that must be above 0: scoring's, partial leads', enrichment's, a destination's
    | { value: number; min: 0; positive: true }
    // profiling: a whole number ≥ `min` (1), or days (`min` 0) above 0
    | { value: number; min: number }
    // grade `keys[0]` needs `min` points, more than the `max` of `keys[1]`, the grade above it
    | { keys: readonly [string, string]; min: number; max: number };
  /** A field's regular expression (`reason`: the engine's message), or a page glob that is not a path. */
  invalid_pattern: { value: string; reason: string } | { value: string };
  /** The keys the condition has (`value`: an email class given with an operator), or the group that is `empty`. */
  invalid_condition: { keys: readonly string[]; value?: string } | { empty: 'all' | 'any' };
  /**
   * A key (`id`) that is no fact of its kind (`type`), with `values` that would do (for a signal: the page
   * groups, when it names one that is missing), or a score fact a scoring rule or a route (`at`) cannot read.
   */
  invalid_fact:
    | { type: 'signal'; id: string; values: readonly string[] | undefined }
    | { type: 'email' | 'score'; id: string; values: readonly string[] }
    | { type: 'score'; id: string; at: 'rule' | 'route' };
  /** An id no field has (`ids`: every field's, for "did you mean"), or a `migrate` target that is no profile key (`values`: the keys). */
  unknown_field: { id: string; ids: readonly string[] } | { id: string; values: readonly string[] };
  self_reference: { id: string };
  /** The field read is asked at `at`: in a `later` step, or in this one. */
  forward_reference: { id: string; later: boolean; at: string };
  /** A compared value that is not an option of field `id`. */
  unknown_option_value: { id: string; value: unknown; values: readonly string[] };
  /** The ids around the loop, the first repeated last. */
  condition_cycle: { loop: readonly string[] };
  /** A scoring rule id used twice across fit and intent; `at`: where first. */
  duplicate_rule_id: { id: string; at: string };
  /** A stage or page group name that is not a plain name, or is reserved (pages, visits, forms). */
  invalid_id: { id: string };
  /** A competitor that is not a domain. */
  invalid_domain: { value: string };
  /** An endpoint (the form's, a destination's) or an enrich URL that is neither http(s) nor a path. */
  invalid_endpoint: { value: unknown };
  /** A redirect or booking URL that is not http(s). */
  invalid_redirect: { value: string };
  /** `submit` has neither an endpoint nor a destination. */
  missing_destination: undefined;
  /** A key (`id`) a destination's format (`type`) needs or would ignore. */
  missing_destination_key: { type: string | undefined; id: string | undefined };
  unexpected_destination_key: { type: string | undefined; id: string | undefined };
  duplicate_destination_id: { id: string; at: string | undefined };
  /** A field a CRM (`type`) refuses a lead without (`name`: Salesforce `last_name`, `company`; HubSpot `email`) that nothing sends. */
  unmapped_crm_field: { type: 'hubspot' | 'salesforce'; name: string };
  /** A CRM field name (`name`) that is not one the CRM's API takes (HubSpot: internal names). */
  invalid_crm_name: { type: 'hubspot'; name: string };
  /** A CRM destination that takes partial leads (`partial: true`) without `$partial` mapped. */
  unmarked_partial: { type: 'hubspot' | 'salesforce' };
  /** Past one of `LIMITS` (checks/check-limits.ts): which (`what`), how big it is (`size`) and the limit (`max`). */
  too_big: { what: 'text' | 'fields' | 'stepFields' | 'stepOptions'; size: number; max: number };
  /** A field's regular expression that repeats a part which repeats (`(a+)+`): it could freeze the page. */
  unsafe_pattern: { value: string };
}

export type ProblemCode = keyof ProblemFacts;

export type Problem = { [C in ProblemCode]: { path: string; code: C; data: ProblemFacts[C] } }[ProblemCode];

/** How a check reports a problem at `path` (with no facts where the code has none). */
export type Report = <C extends ProblemCode>(path: string, code: C, ...data: ProblemFacts[C] extends undefined ? [] : [ProblemFacts[C]]) => void;
