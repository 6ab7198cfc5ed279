import { configError, quoteList, type ConfigError } from './config-error.js';
import { SIGNAL_METRICS } from '../behaviour/signal-key.js';
import { CHOICE_TYPES, COMPARISON_OPERATORS, FACT_KINDS } from './constants.js';
import { didYouMeanHint } from './did-you-mean.js';
import { DESTINATION_FORMATS } from '../delivery/destination.js';
import type { Problem, ProblemCode, ProblemFacts } from './problem.js';

/**
 * The words for the problems `semantic-checks.ts` finds: a short sentence for
 * the marketer editing the JSON and, where there is one, what to do. Used by
 * `parseForm` only (Node, the CLI, the diagnostics chunk), never on the
 * script tag's happy path.
 */

/** What to write for a key a destination format needs. */
const DESTINATION_HINTS: Record<string, string> = {
  endpoint: "the receiver's URL: 'https://…' or a path starting with '/'",
  portalId: 'the HubSpot account id (Settings → Account details)',
  formGuid: "the HubSpot form's GUID (from its embed code)",
  oid: "your Salesforce org id ('00D…', in the Web-to-Lead form Salesforce generates)",
  name: 'the key of the function in Cairn.mount(…, { transports: { <name>: fn } })',
};

/** Strings in quotes, other values as JSON writes them: `'5'` vs `5`. */
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** `did you mean 'x'?`, else `use 'a', 'b' or 'c'`. */
const useOneOf = (value: unknown, values: readonly string[]): string => didYouMeanHint(String(value), values) ?? `use ${quoteList(values)}`;

/** A message, and what to do about it when there is something to say. */
type Words = readonly [message: string, hint?: string];

/** Per code, its words from the problem's data (`d`): a code without words does not compile. */
const WORDS: { [C in ProblemCode]: (facts: ProblemFacts[C]) => Words } = {
  duplicate_step_id: (d) => [`step id '${d.id}' is also used at ${d.at}`],
  duplicate_field_id: (d) =>
    d.at.startsWith('profiling.')
      ? [`'${d.id}' is also listed at ${d.at}`, 'list a field once: in pool (asked while unknown) or in alwaysAsk']
      : [`field id '${d.id}' is also used at ${d.at}`],
  missing_label: (d) => [`${d.type} field needs a label`],
  missing_options: (d) => [`${d.type} field needs options`],
  unexpected_options: (d) => [`${d.type} field has no options`, didYouMeanHint(d.type, CHOICE_TYPES) ?? `only ${quoteList(CHOICE_TYPES, 'and')} do`],
  duplicate_option: (d) => [`option '${d.value}' is also options[${d.at}]`],
  untrimmed_option: (d) => [`option ${JSON.stringify(d.value)} starts or ends with white space`, `remove it: answers are stored without it, so this option could never be submitted`],
  invalid_default: (d) =>
    'values' in d
      ? [`default ${show(d.value)} is not an option`, useOneOf(d.value, d.values)]
      : d.type === 'consent'
        ? ['consent must not be ticked in advance']
        : [`default of ${d.type} must be ${d.type === 'checkboxes' ? 'a list of option values' : 'one option value'}`],
  invalid_range: (d) =>
    'keys' in d
      ? [`${d.keys[0]} (${d.min}) is greater than ${d.keys[1]} (${d.max})`, `a lower grade needs at most the points of ${d.keys[1]}`]
      : 'positive' in d
        ? [`${show(d.value)} is not a number greater than 0`]
        : 'value' in d
          ? d.min
            ? [`${show(d.value)} is not a whole number of ${d.min} or more`]
            : [`${show(d.value)} is not a number of days`, 'use a number greater than 0']
          : [`min (${d.min}) is greater than max (${d.max})`],
  invalid: (d) => [
    `profile key '${d.id}' is also used at ${d.at}, by a ${d.value} field`,
    `a remembered ${d.value} answer cannot fill a ${d.type} field: give one of them its own profile key`,
  ],
  invalid_pattern: (d) =>
    'reason' in d
      ? [`${show(d.value)} is not a valid regular expression`, d.reason.split(': ').pop()]
      : [`${show(d.value)} is not a path glob`, "start it with '/' (or '*'), e.g. '/pricing*'"],
  invalid_condition: (d) => {
    if ('empty' in d) return [`'${d.empty}' is empty`];
    if (d.value !== undefined) {
      return [`{ "email": ${show(d.value)} } takes no operator`, `compare the class with one: { "email": "class", "in": [${JSON.stringify(d.value)}] }`];
    }
    const has = (list: readonly string[]) => d.keys.some((k) => list.includes(k));
    return [
      `condition has ${quoteList(d.keys, 'and') || 'nothing'}`,
      has(FACT_KINDS) && !has(COMPARISON_OPERATORS)
        ? `add one operator: ${COMPARISON_OPERATORS.join(', ')}`
        : `it needs exactly one of: a fact (${quoteList(FACT_KINDS)}) with one operator, 'all', 'any', 'not'`,
    ];
  },
  unknown_field: (d) =>
    'values' in d ? [`'${d.id}' is not the profile key of any field`, useOneOf(d.id, d.values)] : [`unknown field '${d.id}'`, didYouMeanHint(d.id, d.ids)],
  self_reference: (d) => [`'${d.id}' depends on itself`],
  forward_reference: (d) => [`'${d.id}' is asked ${d.later ? 'in a later' : 'in this'} step (${d.at})`, 'conditions can only read earlier answers'],
  unknown_option_value: (d) => [`${show(d.value)} is not an option of '${d.id}'`, useOneOf(d.value, d.values)],
  condition_cycle: (d) => [`circular conditions: ${d.loop.map((id) => `'${id}'`).join(' → ')}`],
  invalid_endpoint: (d) => [`${show(d.value)} is not an http(s) URL or a path`, "use 'https://…' or a path starting with '/', './' or '../'"],
  invalid_redirect: (d) => [`${show(d.value)} is not an http(s) URL`, "use a full address: 'https://…'"],
  invalid_fact: (d) =>
    'at' in d
      ? [
          `a ${d.at} cannot read the score's '${d.id}'`,
          d.at === 'rule' ? 'scoring rules make the score: read answers, profile, email and signals' : 'routes may read fit, intent, grade and stage',
        ]
      : d.type !== 'signal'
        ? [`'${d.id}' is not ${d.type === 'email' ? 'an email fact' : 'a score fact'}`, useOneOf(d.id, d.values)]
        : d.values
          ? [
              `'${d.id}' reads a page group that is not in signals.pages`,
              didYouMeanHint(d.id.replace(/\.[^.]*$/, ''), d.values) ?? 'add it to signals.pages, e.g. { "pricing": "/pricing*" }',
            ]
          : [
              `'${d.id}' is not a signal`,
              `use '<name>.<metric>': pages.${SIGNAL_METRICS.pages.join('|')}, visits.${SIGNAL_METRICS.visits.join('|')}, ` +
                `<page group>.${SIGNAL_METRICS.group.join('|')}, <event>.${SIGNAL_METRICS.event.join('|')}, forms.<form id>.${SIGNAL_METRICS.form.join('|')}`,
            ],
  duplicate_rule_id: (d) => [`rule id '${d.id}' is also used at ${d.at}`, 'rule ids are unique across fit and intent: they name the reasons of a score'],
  invalid_domain: (d) => [`${show(d.value)} is not a domain`, "write the domain alone, e.g. 'rival.com'"],
  invalid_id: (d) => [`'${d.id}' is not a usable name`, "use letters, digits, '_' and '-' (not 'pages', 'visits' or 'forms'), starting with a letter"],
  missing_destination: () => [
    'submit has nowhere to send a lead',
    `add "endpoint": "https://…", or "destinations" (formats ${quoteList(DESTINATION_FORMATS)}: see docs/integrations.md)`,
  ],
  missing_destination_key: (d) =>
    d.id === 'consent.text'
      ? ['HubSpot needs the consent text the visitor saw', 'add "text" (the words next to the checkbox), or "legitimateInterest"']
      : [`a ${d.type} destination needs '${d.id}'`, DESTINATION_HINTS[d.id!]],
  unexpected_destination_key: (d) => [`'${d.id}' is not used by a ${d.type} destination`, `remove it, or use a format that takes it`],
  duplicate_destination_id: (d) => [`destination id '${d.id}' is also used at ${d.at}`, 'each destination needs its own id: it names it in events and in the outbox'],
  unmapped_crm_field: (d) => [
    `nothing is sent to ${d.type == 'hubspot' ? 'HubSpot' : 'Salesforce'} as '${d.name}'`,
    `${d.type == 'hubspot' ? 'HubSpot files a submission under it' : 'Web-to-Lead drops a lead without it'}: map a field to it, e.g. "fields": { "${d.type == 'hubspot' ? 'work_email' : 'surname'}": "${d.name}" }`,
  ],
  invalid_crm_name: (d) => [`'${d.name}' is not a HubSpot internal name`, "use the property's internal name (Settings → Properties), e.g. 'firstname'"],
  unmarked_partial: (d) => [`partial leads to ${d.type} must be marked`, `map "$partial" in "fields", e.g. { "$partial": "${d.type == 'hubspot' ? 'cairn_partial' : '00N…'}" } (${d.type == 'hubspot' ? 'a hidden property' : "a checkbox field's id"})`],
  too_big: (d) => {
    const [n, max] = [d.size.toLocaleString('en-US'), d.max.toLocaleString('en-US')];
    return d.what == 'text'
      ? [`this text is ${n} characters long: at most ${max}`, 'shorten it; a long text belongs on the page around the form']
      : d.what == 'fields'
        ? [`the form has ${n} fields: at most ${max}`, 'split it into several forms']
        : d.what == 'stepFields'
          ? [`this step has ${n} fields: at most ${max}`, 'move some fields to another step']
          : [`this step's fields have ${n} options in all: at most ${max}`, 'move a field with many options to a step of its own, or offer fewer options'];
  },
  unsafe_pattern: (d) => [
    `${show(d.value)} repeats a part that itself repeats`,
    'a pattern like (a+)+ can take seconds to check an answer and freeze the page: repeat the part once, e.g. (a+)+ → a+',
  ],
};

export const problemToError = ({ path, code, data }: Problem): ConfigError =>
  configError(path, code, ...(WORDS[code] as (facts: typeof data) => Words)(data));
