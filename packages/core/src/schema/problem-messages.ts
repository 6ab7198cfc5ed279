import { configError, quoteList, type ConfigError, type Problem } from './config-error.js';
import { CHOICE_TYPES, COMPARISON_OPERATORS, FACT_KINDS } from './constants.js';
import { didYouMeanHint } from './did-you-mean.js';

/**
 * The words for the problems `semantic-checks.ts` finds: a short sentence for
 * the marketer editing the JSON and, where there is one, what to do. Used by
 * `parseForm` only (Node, the CLI, the diagnostics chunk), never on the
 * script tag's happy path.
 */

/** Strings in quotes, other values as JSON writes them: `'5'` vs `5`. */
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** `did you mean 'x'?`, else `use 'a', 'b' or 'c'`. */
const useOneOf = (value: unknown, values: readonly string[]): string => didYouMeanHint(String(value), values) ?? `use ${quoteList(values)}`;

export const problemToError = ({ path, code, data = {} }: Problem): ConfigError => {
  const { id, type, value, values = [], at } = data;
  const error = (message: string, hint?: string) => configError(path, code, message, hint);
  switch (code) {
    case 'duplicate_step_id':
    case 'duplicate_field_id':
      return String(at).startsWith('profiling.')
        ? error(`'${id}' is also listed at ${at}`, 'list a field once: in pool (asked while unknown) or in alwaysAsk')
        : error(`${code === 'duplicate_step_id' ? 'step' : 'field'} id '${id}' is also used at ${at}`);
    case 'missing_label':
      return error(`${type} field needs a label`);
    case 'missing_options':
      return error(`${type} field needs options`);
    case 'unexpected_options':
      return error(`${type} field has no options`, didYouMeanHint(type!, CHOICE_TYPES) ?? `only ${quoteList(CHOICE_TYPES, 'and')} do`);
    case 'duplicate_option':
      return error(`option '${String(value)}' is also options[${at}]`);
    case 'invalid_default':
      return 'values' in data
        ? error(`default ${show(value)} is not an option`, useOneOf(value, values))
        : type === 'consent'
          ? error('consent must not be ticked in advance')
          : error(`default of ${type} must be ${type === 'checkboxes' ? 'a list of option values' : 'one option value'}`);
    case 'invalid_range':
      return 'value' in data
        ? data.min
          ? error(`${show(value)} is not a whole number of ${data.min} or more`)
          : error(`${show(value)} is not a number of days`, 'use a number greater than 0')
        : error(`min (${data.min}) is greater than max (${data.max})`);
    case 'invalid':
      // one profile key, two field types (the only `invalid` the semantic checks report)
      return error(
        `profile key '${id}' is also used at ${at}, by a ${String(value)} field`,
        `a remembered ${String(value)} answer cannot fill a ${type} field: give one of them its own profile key`,
      );
    case 'invalid_pattern':
      return error(`${show(value)} is not a valid regular expression`, data.reason!.split(': ').pop());
    case 'invalid_condition': {
      if (data.empty) return error(`'${data.empty}' is empty`);
      const keys = data.keys ?? [];
      const has = (list: readonly string[]) => keys.some((k) => list.includes(k));
      return error(
        `condition has ${quoteList(keys, 'and') || 'nothing'}`,
        has(FACT_KINDS) && !has(COMPARISON_OPERATORS)
          ? `add one operator: ${COMPARISON_OPERATORS.join(', ')}`
          : "it needs exactly one of: a 'field' with one operator, 'all', 'any', 'not'",
      );
    }
    case 'unknown_field':
      return data.values
        ? error(`'${id}' is not the profile key of any field`, useOneOf(id, values))
        : error(`unknown field '${id}'`, didYouMeanHint(id!, data.ids ?? []));
    case 'self_reference':
      return error(`'${id}' depends on itself`);
    case 'forward_reference':
      return error(`'${id}' is asked ${data.later ? 'in a later' : 'in this'} step (${at})`, 'conditions can only read earlier answers');
    case 'unknown_option_value':
      return error(`${show(value)} is not an option of '${id}'`, useOneOf(value, values));
    case 'condition_cycle':
      return error(`circular conditions: ${(data.loop ?? []).map((s) => `'${s}'`).join(' → ')}`);
    case 'invalid_endpoint':
      return error(`${show(value)} is not an http(s) URL or a path`, "use 'https://…' or a path starting with '/', './' or '../'");
    case 'invalid_redirect':
      return error(`${show(value)} is not an http(s) URL`, "use a full address: 'https://…'");
    default:
      // a code without words yet: still an error, with its code as the message
      return error(code.replace(/_/g, ' '));
  }
};
