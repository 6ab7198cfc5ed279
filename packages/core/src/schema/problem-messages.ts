import { configError, quoteList, type ConfigError, type Problem } from './config-error.js';
import { SIGNAL_METRICS } from '../behaviour/signal-key.js';
import { CHOICE_TYPES, COMPARISON_OPERATORS, FACT_KINDS } from './constants.js';
import { didYouMeanHint } from './did-you-mean.js';
import { DESTINATION_FORMATS } from '../delivery/destination.js';

/** What to write for a key a destination format needs. */
const DESTINATION_HINTS: Record<string, string> = {
  endpoint: "the receiver's URL: 'https://…' or a path starting with '/'",
  portalId: 'the HubSpot account id (Settings → Account details)',
  formGuid: "the HubSpot form's GUID (from its embed code)",
  oid: "your Salesforce org id ('00D…', in the Web-to-Lead form Salesforce generates)",
  name: 'the key of the function in Cairn.mount(…, { transports: { <name>: fn } })',
};

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
      return data.keys
        ? error(`${data.keys[0]} (${data.min}) is greater than ${data.keys[1]} (${data.max})`, `a lower grade needs at most the points of ${data.keys[1]}`)
        : data.positive
          ? error(`${show(value)} is not a number greater than 0`)
          : 'value' in data
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
      if (path.startsWith('signals.')) return error(`${show(value)} is not a path glob`, "start it with '/' (or '*'), e.g. '/pricing*'");
      return error(`${show(value)} is not a valid regular expression`, data.reason!.split(': ').pop());
    case 'invalid_condition': {
      if (data.empty) return error(`'${data.empty}' is empty`);
      if (data.value !== undefined) {
        return error(`{ "email": ${show(value)} } takes no operator`, `compare the class with one: { "email": "class", "in": [${JSON.stringify(value)}] }`);
      }
      const keys = data.keys ?? [];
      const has = (list: readonly string[]) => keys.some((k) => list.includes(k));
      return error(
        `condition has ${quoteList(keys, 'and') || 'nothing'}`,
        has(FACT_KINDS) && !has(COMPARISON_OPERATORS)
          ? `add one operator: ${COMPARISON_OPERATORS.join(', ')}`
          : `it needs exactly one of: a fact (${quoteList(FACT_KINDS)}) with one operator, 'all', 'any', 'not'`,
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
    case 'invalid_fact':
      return type !== 'signal' && !data.at
        ? error(`'${id}' is not ${type === 'email' ? 'an email fact' : 'a score fact'}`, useOneOf(id, values))
        : type === 'score'
        ? error(
            `a ${data.at} cannot read the score's '${id}'`,
            data.at === 'rule' ? 'scoring rules make the score: read answers, profile, email and signals' : "routes may read fit, intent, grade and stage",
          )
        : data.values
          ? error(`'${id}' reads a page group that is not in signals.pages`, didYouMeanHint(id!.replace(/\.[^.]*$/, ''), data.values) ?? 'add it to signals.pages, e.g. { "pricing": "/pricing*" }')
          : error(
              `'${id}' is not a signal`,
              `use '<name>.<metric>': pages.${SIGNAL_METRICS.pages.join('|')}, visits.${SIGNAL_METRICS.visits.join('|')}, ` +
                `<page group>.${SIGNAL_METRICS.group.join('|')}, <event>.${SIGNAL_METRICS.event.join('|')}, forms.<form id>.${SIGNAL_METRICS.form.join('|')}`,
            );
    case 'duplicate_rule_id':
      return error(`rule id '${id}' is also used at ${at}`, 'rule ids are unique across fit and intent: they name the reasons of a score');
    case 'invalid_domain':
      return error(`${show(value)} is not a domain`, "write the domain alone, e.g. 'rival.com'");
    case 'invalid_id':
      return error(`'${id}' is not a usable name`, "use letters, digits, '_' and '-' (not 'pages', 'visits' or 'forms'), starting with a letter");
    case 'missing_destination':
      return error('submit has nowhere to send a lead', `add "endpoint": "https://…", or "destinations" (formats ${quoteList(DESTINATION_FORMATS)}: see docs/integrations.md)`);
    case 'missing_destination_key':
      return id === 'consent.text'
        ? error('HubSpot needs the consent text the visitor saw', 'add "text" (the words next to the checkbox), or "legitimateInterest"')
        : error(`a ${type} destination needs '${id}'`, DESTINATION_HINTS[id!]);
    case 'unexpected_destination_key':
      return error(`'${id}' is not used by a ${type} destination`, `remove it, or use a format that takes it`);
    case 'duplicate_destination_id':
      return error(`destination id '${id}' is also used at ${at}`, 'each destination needs its own id: it names it in events and in the outbox');
    default:
      // a code without words yet: still an error, with its code as the message
      return error(code.replace(/_/g, ' '));
  }
};
