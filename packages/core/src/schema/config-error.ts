/**
 * What `parseForm` returns instead of throwing. Messages are short sentences
 * for the marketer editing the JSON; `hint` says what to do about it.
 */

export type ConfigErrorCode =
  // the text is not JSON
  | 'invalid_json'
  // structure (from the zod schema)
  | 'unknown_key'
  | 'missing_key'
  | 'invalid_type'
  | 'invalid_value'
  | 'invalid_id'
  | 'too_small'
  | 'invalid_operator_value'
  | 'invalid'
  // meaning (semantic-checks.ts)
  | 'duplicate_field_id'
  | 'duplicate_step_id'
  | 'invalid_condition'
  | 'unknown_field'
  | 'self_reference'
  | 'forward_reference'
  | 'condition_cycle'
  | 'unknown_option_value'
  | 'missing_options'
  | 'unexpected_options'
  | 'duplicate_option'
  | 'untrimmed_option'
  | 'too_deep'
  | 'too_big'
  | 'unsafe_pattern'
  | 'invalid_default'
  | 'missing_label'
  | 'invalid_range'
  | 'invalid_pattern'
  | 'invalid_endpoint'
  | 'invalid_redirect'
  // scoring, signals (issue 4)
  | 'invalid_fact'
  | 'duplicate_rule_id'
  | 'invalid_domain'
  // delivery (issue 5)
  | 'missing_destination'
  | 'missing_destination_key'
  | 'unmapped_crm_field'
  | 'invalid_crm_name'
  | 'unmarked_partial'
  | 'unexpected_destination_key'
  | 'duplicate_destination_id';

export interface ConfigError {
  /** Where, in JS notation: `steps[1].fields[0].type`; `""` is the whole config. */
  path: string;
  code: ConfigErrorCode;
  /** What is wrong: "'emial' is not a field type". */
  message: string;
  /** What to do: "did you mean 'email'?". */
  hint?: string;
}

/**
 * What `checkForm` returns: where and which rule, no wording. The same
 * `path` and `code` as the `ConfigError` that `parseForm` reports for it.
 */
export interface ConfigProblem {
  path: string;
  code: ConfigErrorCode;
}

/** `hint` is left undefined (not removed) when there is none: JSON.stringify drops it. */
export const configError = (path: string, code: ConfigErrorCode, message: string, hint?: string): ConfigError => ({
  path,
  code,
  message,
  hint,
});

/** `['steps', 1, 'fields']` → `steps[1].fields`; keys that are not identifiers get `["…"]`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path
    .map((k, i) =>
      typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(String(k)) ? (i ? '.' : '') + String(k) : `[${JSON.stringify(String(k))}]`,
    )
    .join('');

/** Orders errors by path (`steps[2]` before `steps[10]`), keeping the order of errors at the same path. */
export const byPath = <T extends ConfigProblem>(errors: T[]): T[] =>
  errors.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));

/** `'a', 'b' or 'c'` */
export const quoteList = (items: readonly unknown[], last = 'or'): string => {
  const q = items.map((s) => `'${String(s)}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} ${last} ${q[q.length - 1]}` : (q[0] ?? '');
};

/**
 * One error per line, message then hint:
 * `steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?`
 * `source` (a file name or URL) prefixes every line when given.
 */
export const formatConfigErrors = (errors: ConfigError[], source?: string): string =>
  errors
    .map((e) => `${source ? source + ': ' : ''}${e.path || '(root)'}: ${e.message}${e.hint ? ' — ' + e.hint : ''}`)
    .join('\n');
