import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkForm } from './check-form.js';
import { CHOICE_TYPES, FIELD_TYPES } from './constants.js';
import { parseForm } from './parse-form.js';

/**
 * checkForm (no zod, no words) must give parseForm's verdict and name the
 * same (path, code) pairs, on valid forms and on forms broken in the ways a
 * marketer breaks them. Seeds are valid; random mutations break them.
 */

type Json = Record<string, any>;

/** The landing-page demo (examples/landing-page/forms/demo-request.json), trimmed: 3 steps, a step condition. */
const DEMO = {
  $schema: '../../../packages/core/form.schema.json',
  id: 'demo-request',
  version: 1,
  title: 'Book a 30-minute demo',
  description: 'Tell us a little about you and your team. It takes under a minute.',
  steps: [
    {
      id: 'contact',
      title: 'About you',
      fields: [
        { id: 'first_name', type: 'text', label: 'First name', required: true, max: 80 },
        { id: 'last_name', type: 'text', label: 'Last name', required: true, max: 80 },
        { id: 'email', type: 'email', label: 'Work email', placeholder: 'you@company.com', required: true },
        { id: 'phone', type: 'tel', label: 'Phone', help: 'Optional. Only if you prefer a call.' },
      ],
    },
    {
      id: 'company',
      title: 'Your company',
      fields: [
        { id: 'company', type: 'text', label: 'Company', required: true, max: 120 },
        {
          id: 'company_size',
          type: 'select',
          label: 'Company size',
          required: true,
          options: [
            { value: '1-49', label: '1–49 employees' },
            { value: '50-199', label: '50–199 employees' },
            { value: '200-999', label: '200–999 employees' },
            { value: '1000-4999', label: '1,000–4,999 employees' },
            { value: '5000+', label: '5,000+ employees' },
          ],
        },
        { id: 'job_title', type: 'text', label: 'Job title', required: true, max: 120 },
        {
          id: 'country',
          type: 'select',
          label: 'Country',
          required: true,
          options: [
            { value: 'US', label: 'United States' },
            { value: 'DE', label: 'Germany' },
            { value: 'other', label: 'Other' },
          ],
        },
        { id: 'consent', type: 'consent', label: 'I agree that Northwind may contact me about this request.', required: true },
      ],
    },
    {
      id: 'enterprise',
      title: 'Enterprise rollout',
      description: 'A few details so we bring the right people to the call.',
      when: { field: 'company_size', in: ['1000-4999', '5000+'] },
      fields: [
        {
          id: 'sso_required',
          type: 'radio',
          label: 'Do you need single sign-on (SAML/SCIM)?',
          required: true,
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        },
        { id: 'procurement_timeline', type: 'select', label: 'When do you plan to buy?', options: ['this_quarter', 'exploring'] },
        { id: 'seats', type: 'number', label: 'How many analysts will use Northwind?', required: true, min: 1, max: 100000 },
      ],
    },
  ],
  submit: { endpoint: 'http://127.0.0.1:8787/leads' },
  after: { title: "Thanks, we'll be in touch!", message: 'A product specialist will email you within one business day.' },
  labels: { submit: 'Request my demo' },
};

const MINIMAL = { id: 'f', version: '1', steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email' }] }], submit: { endpoint: '/api/leads' } };

/** Every feature once: nested conditions, checkboxes with a default list, hidden, headers, redirect. */
const RICH = {
  id: 'rich.form-1',
  version: 3,
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'role', type: 'radio', label: 'Role', options: ['dev', 'ops', { value: 'mgr', label: 'Manager' }], default: 'dev' },
        { id: 'tools', type: 'checkboxes', label: 'Tools', options: ['a', 'b', 'c'], default: ['a'], min: 1, max: 2 },
        { id: 'src', type: 'hidden', default: 'ads' },
        { id: 'age', type: 'number', label: 'Age', min: 18, max: 99, when: { field: 'role', notEquals: 'mgr' } },
        { id: 'code', type: 'text', label: 'Code', pattern: '[A-Z]{2}\\d+', patternMessage: 'Two letters, then digits' },
        { id: 'ok', type: 'checkbox', label: 'OK', default: false },
      ],
    },
    {
      id: 'two',
      when: { any: [{ field: 'role', in: ['dev', 'ops'] }, { not: { field: 'tools', contains: 'c' } }] },
      fields: [
        { id: 'site', type: 'url', label: 'Site', when: { all: [{ field: 'age', gte: 21 }, { field: 'ok', equals: true }, { field: 'code', exists: true }] } },
        { id: 'note', type: 'textarea', label: 'Note', when: { field: 'site', exists: true } },
        { id: 'agree', type: 'consent', label: 'I agree', required: true },
      ],
    },
  ],
  submit: { endpoint: 'https://hooks.example.com/leads', format: 'json', headers: { 'X-Api-Key': 'k', auth: 'b' } },
  after: { message: 'Thanks', redirect: 'https://example.com/thanks' },
  labels: { next: 'Weiter', back: 'Zurück', submit: 'Senden', retry: 'Nochmal', required: 'Pflichtfeld' },
};

/** Progressive profiling: the demo with a pool, profile keys shared across fields, value sources. */
const PROFILED: Json = {
  ...structuredClone(DEMO),
  id: 'pricing',
  profiling: {
    maxNewFields: 2,
    pool: ['company', 'company_size', 'job_title', 'country', 'phone'],
    alwaysAsk: ['email'],
    refreshAfterDays: { company_size: 180, job_title: 90 },
    skipKnown: true,
    consent: 'required',
    retentionDays: 365,
    migrate: { employees: 'company_size', title: 'role' },
    urlPrefill: ['email', 'first_name'],
    welcomeBack: { title: 'Welcome back!', message: 'Just confirm your email.' },
  },
};
PROFILED.steps[1].fields[2] = { ...PROFILED.steps[1].fields[2], profile: 'role' };
PROFILED.steps[0].fields.push({ id: 'gclid', type: 'hidden', from: { url: 'gclid', cookie: '_gcl' } }, { id: 'org', type: 'text', label: 'Organisation', profile: 'company' });

/** Scoring, signals and after rules (issue 4): every new section, and conditions on every fact. */
const SCORED: Json = {
  ...structuredClone(DEMO),
  id: 'scored',
  signals: { pages: { pricing: '/pricing*', docs: '*docs*' } },
  scoring: {
    fit: [
      { id: 'big', when: { field: 'company_size', in: ['1000-4999', '5000+'] }, points: 30, reason: 'Enterprise size' },
      { id: 'free-mail', when: { email: 'free' }, points: -20, reason: 'Free mail address' },
      { id: 'known-size', when: { profile: 'company_size', exists: true }, points: 5, reason: 'Size known' },
      { id: 'us', when: { all: [{ field: 'country', equals: 'US' }, { email: 'class', in: ['business'] }] }, points: 10, reason: 'US business' },
    ],
    intent: [
      { id: 'pricing', when: { signal: 'pricing.views', gte: 2 }, points: 25, reason: 'Pricing views' },
      { id: 'back', when: { any: [{ signal: 'visits.count', gt: 2 }, { signal: 'whitepaper.count', gte: 1 }] }, points: 15.5, reason: 'Came back' },
      { id: 'started', when: { signal: 'forms.demo-request.starts', gte: 1 }, points: 5, reason: 'Started the demo form' },
    ],
    max: { fit: 100, intent: 80 },
    halfLifeDays: 14,
    grades: { fit: { A: 70, B: 40, C: 20 }, intent: { 1: 60, 2: 30, 3: 10 } },
    stages: { sql: { fit: 70, intent: 60 }, mql: { fit: 40 } },
    routes: [
      { when: { score: 'grade', in: ['A1', 'A2'] }, route: 'enterprise-ae', priority: 'high', respondWithinMinutes: 30 },
      { when: { score: 'stage', equals: 'mql' }, route: 'sdr', priority: 'normal', respondWithinMinutes: 240 },
      { route: 'nurture' },
    ],
    competitors: ['rival.com', 'other-rival.co.uk'],
  },
  after: [
    { when: { score: 'stage', equals: 'sql' }, title: 'Pick a time', booking: { url: 'https://cal.example.com/demo', params: { email: 'email', name: 'first_name' } } },
    { when: { email: 'disposable' }, message: 'Please use your work email.' },
    { title: 'Thanks!', message: 'We will be in touch.', redirect: 'https://example.com/thanks' },
  ],
};
SCORED.steps[2].when = { any: [SCORED.steps[2].when, { signal: 'pricing.views', gte: 3 }, { score: 'fit', gte: 50 }] };

/** Delivery (issue 5): every destination format, partial leads, enrichment, analytics events. */
const DELIVERED: Json = {
  ...structuredClone(DEMO),
  id: 'delivered',
  submit: {
    destinations: [
      {
        id: 'hubspot',
        format: 'hubspot',
        portalId: 1234567,
        formGuid: '3f1c-42',
        fields: { email: 'email', company_size: 'numemployees', $id: 'cairn_lead_id' },
        consent: { field: 'consent', text: 'I agree', communications: [{ field: 'consent', subscriptionTypeId: 99, text: 'Emails' }] },
        timeoutMs: 3000,
      },
      { id: 'sf', format: 'salesforce', oid: '00D000000000001', fields: { company: 'company', last_name: 'last_name', $partial: '00N000000000PRT' }, leadSource: '$utm.source', retURL: 'https://example.com/thanks', partial: true },
      { id: 'hook', format: 'json', endpoint: 'https://hooks.example.com/leads', headers: { 'X-Api-Key': 'k' }, retry: { baseMs: 500, maxMs: 60000, giveUpAfterHours: 48 } },
      { id: 'mine', format: 'custom', name: 'crm' },
    ],
    partial: { afterSeconds: 45, fields: ['email'] },
    enrich: { url: '/enrich', timeoutMs: 1500 },
  },
  analytics: { dataLayer: true, segment: true, fields: ['company_size', 'email'] },
};

const SEEDS: Json[] = [DEMO, MINIMAL, RICH, PROFILED, SCORED, SCORED];

/** (path, code) pairs, as a sorted list of unique strings. */
const pairs = (list: { path: string; code: string }[]) => [...new Set(list.map((p) => `${p.path} ${p.code}`))].sort();

const verdicts = (x: unknown) => {
  const parsed = parseForm(x);
  const checked = checkForm(x);
  return {
    parsed: { ok: parsed.ok, problems: parsed.ok ? [] : pairs(parsed.errors) },
    checked: { ok: checked.ok, problems: checked.ok ? [] : pairs(checked.problems) },
  };
};

// --- mutations -------------------------------------------------------------

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null;
/** Every object and array in the tree, parents first. */
const nodes = (root: unknown): Json[] => {
  const out: Json[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown) => {
    if (!isObj(v) || seen.has(v)) return;
    seen.add(v);
    out.push(v);
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  return out;
};
const stepsOf = (f: Json): Json[] => (Array.isArray(f.steps) ? f.steps.filter(isObj) : []);
const fieldsOf = (f: Json): Json[] => stepsOf(f).flatMap((s) => (Array.isArray(s.fields) ? s.fields.filter(isObj) : []));
const idsOf = (f: Json): string[] => fieldsOf(f).map((x) => x.id).filter((id) => typeof id === 'string');
const pick = <T,>(list: readonly T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);

/** One letter swapped, dropped or doubled: what a typo looks like. */
const typo = (s: string, n: number): string => {
  if (!s) return 'x';
  const i = n % s.length;
  switch (n % 3) {
    case 0:
      return s.length > 1 ? s.slice(0, i) + s.slice(i + 1) : s + s;
    case 1:
      return s.slice(0, i) + s[i] + s.slice(i);
    default:
      return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : `${s}e`;
  }
};

const KEYS = ['id', 'type', 'label', 'options', 'when', 'field', 'equals', 'in', 'all', 'any', 'not', 'min', 'max', 'pattern', 'default', 'title', 'required', 'fields', 'steps', 'submit', 'endpoint', 'redirect', 'value', 'headers', 'labels', 'titel', 'lable', 'feild', 'equal', 'option', 'endpiont'];
const WEIRD_VALUES: unknown[] = [undefined, null, 0, -1, 1.5, NaN, Infinity, '', ' ', 'x', 'emial', 'javascript:alert(1)', true, false, [], [''], [1], ['a', 'a'], {}, { value: 'a' }, { value: 'a', label: 'A', x: 1 }, { length: 0 }, 'https://ok.example'];
const BAD_IDS = ['e mail', '1abc', '', 'a-b.c', '_x', 'ü', 'a b', '-a', 5];
const ENDPOINTS = ['ftp://x.example', 'javascript:alert(1)', '', ' ', 'api/leads', '/ok', './ok', '../ok', 'https://x.example/a', 'https://', 'http://a b', 'HTTPS://X.EXAMPLE', 5, null];
const REDIRECTS = ['javascript:alert(1)', 'https://ok.example', '/thanks', 'data:text/html,x', '', 5];
const PATTERNS = ['(', '[a-', 'a{2}', '\\', '*', '(?<n>a)', 5];
/** Values a marketer might write for each profiling key, good and bad. */
const PROFILING_VALUES: Record<string, unknown[]> = {
  maxNewFields: [0, 1, 3, 1.5, -1, '3', null, 1e9],
  pool: [[], ['company'], ['company', 'company'], ['compnay'], ['email'], ['gclid', 'src'], 'company', [1], ['role', 'tools', 'nope']],
  alwaysAsk: [[], ['email'], ['company'], ['emial'], 'email', [null]],
  urlPrefill: [['email'], ['email', 'email'], ['nope'], ['src'], 'email', [5]],
  refreshAfterDays: [30, 0, -1, 0.5, { company_size: 30 }, { compnay: 30 }, { company_size: 0 }, { company_size: '30' }, { 'a b': 1 }, [], 'x', null],
  skipKnown: [true, false, 'yes', 0],
  consent: ['none', 'required', 'yes', 'Required', 1],
  retentionDays: [365, 0, -5, '365', 1.5],
  migrate: [{}, { old: 'company_size' }, { old: 'role' }, { old: 'nope' }, { old: 1 }, { a: 'email', b: 'emial' }, [], 'x'],
  welcomeBack: [{}, { title: 'x' }, { titel: 'x' }, 'x', { message: 1 }, null],
  maxNewField: [2],
  alwaysask: [['email']],
};
const PROFILE_KEYS: unknown[] = ['company_size', 'company', 'email', 'role', 'shared', 'consent', '', 5, null, 'a b'];
const SOURCES: unknown[] = [{ url: 'u' }, { cookie: 'c' }, { url: '' }, { uri: 'x' }, 'x', { url: 5 }, {}, null, { url: 'u', cooky: 'c' }];

/** Values a marketer might write for each scoring key, good and bad. */
const SCORING_VALUES: Record<string, unknown[]> = {
  fit: [[], 'x', [{}], [{ id: 'a', when: { field: 'compnay_size', exists: true }, points: 1, reason: 'r' }], [{ id: 'a', when: { field: 'email', exists: true }, points: 1, reason: 'r' }], [{ id: 'a', when: {}, points: '1', reason: '' }], [{ id: 'big', when: { score: 'fit', gte: 1 }, points: 1, reason: 'r' }], [{ id: '1x', when: { email: 'fre' }, points: 1, reason: 'r', weight: 2 }]],
  intent: [[], [{ id: 'big', when: { signal: 'pricing.views', gte: 1 }, points: -5, reason: 'r' }], [{ id: 'x', when: { signal: 'pricing', gte: 1 }, points: 1, reason: 'r' }], [{ id: 'x', when: { signal: 'prcing.views', gte: 1 }, points: 1, reason: 'r' }], [{ id: 'x', when: { signal: 'demo.count', gte: 1 }, points: 1, reason: 'r' }], [{ id: 'x', points: 1, reason: 'r' }]],
  max: [{}, { fit: 0 }, { fit: 50, intent: -1 }, { fitt: 1 }, 5, { intent: '9' }],
  halfLifeDays: [7, 0, -3, '30', null],
  grades: [{}, { fit: { A: 10, B: 20 } }, { fit: { B: 90 } }, { intent: { 3: 80 } }, { intent: { 4: 1 } }, { fit: { a: 1 } }, { fit: 'A' }, { intent: { 1: 50, 2: 50, 3: 50 } }],
  stages: [{}, { mql: {} }, { '1st': { fit: 1 } }, { mql: { fit: '1' } }, { mql: { fitt: 1 } }, [], { 'sales qualified': { intent: 1 } }, { pages: { fit: 1 } }],
  routes: [[], [{ route: '' }], [{ route: 'x', when: { score: 'route', equals: 'x' } }], [{ route: 'x', respondWithinMinutes: 0 }], [{ when: { score: 'grade', equals: 'A1' } }], [{ route: 'x', priority: 1 }], [{ route: 'x', when: { score: 'stag', equals: 'mql' } }]],
  competitors: [[], ['rival.com'], ['https://rival.com'], ['rival'], 'rival.com', [5]],
  scroing: [{}],
};
const SIGNALS_VALUES: unknown[] = [{}, { pages: {} }, { pages: { pricing: 'pricing' } }, { pages: { visits: '/v*' } }, { pages: { 'a b': '/x' } }, { pages: { pricing: 5 } }, { page: {} }, [], 'x', { pages: { pricing: '/pricing*', docs: '*' } }];
const AFTER_VALUES: unknown[] = [
  {},
  [],
  { titel: 'x' },
  [{ title: 'x' }, { redirect: '/relative' }],
  [{ when: { email: 'free' }, booking: { url: 'javascript:x' } }],
  [{ booking: { url: 'https://cal.example.com', params: { e: 'emial' } } }],
  [{ booking: { params: {} } }],
  [{ when: { score: 'stage', equals: 'mql' }, title: 1 }],
  [{ when: { field: 'nope', exists: true } }, 'x'],
  { booking: { url: 'https://cal.example.com/x', params: { email: 'email' } } },
  { when: { email: 'free', equals: 'free' } },
  'x',
];

/** A destination's keys, set to values good and bad for some format. */
const DESTINATION_VALUES: Record<string, unknown[]> = {
  id: ['hook', 'sf', '', 5],
  format: ['json', 'hubspot', 'salesforce', 'custom', 'jsn', 'xml', null],
  endpoint: ['/x', 'https://x.example/y', 'x/y', 'javascript:alert(1)', '', 5],
  headers: [{ a: 'b' }, { a: 1 }, 'x'],
  portalId: [123, '123', '', null],
  formGuid: ['g', '', 1],
  fields: [{ email: 'email' }, { email: 1 }, []],
  consent: [{ text: 't' }, { field: 'consent' }, { legitimateInterest: { subscriptionTypeId: 1, legalBasis: 'LEAD', text: 't' } }, { legitimateInterest: { subscriptionTypeId: 1, legalBasis: 'lead', text: 't' } }, { txt: 'x' }],
  oid: ['00D', '', 7],
  leadSource: ['Web', 5],
  retURL: ['https://x.example', 1],
  name: ['crm', '', 1],
  retry: [{}, { baseMs: 0 }, { maxMs: -1, giveUpAfterHours: 1 }, { baseMs: '1' }, { base: 1 }],
  timeoutMs: [1, 0, -5, 250, '1000'],
  endpiont: ['/x'],
};
/** The other delivery settings: partial leads, enrichment, analytics; the list of destinations as a whole. */
const DELIVERY_VALUES: [string, unknown[]][] = [
  ['partial', [{ fields: ['email'] }, { afterSeconds: 0, fields: ['email'] }, { afterSeconds: 30, fields: [] }, { afterSeconds: 30, fields: ['emial', 'company'] }, { after: 3, fields: ['email'] }, 'x', { fields: 'email' }]],
  ['enrich', [{ url: '/e' }, { url: 'ftp://x' }, { url: '' }, { url: 'https://e.example', timeoutMs: 0 }, { uri: '/e' }, {}, 5]],
  ['destinations', [[], 'x', [{}], [{ id: 'a', format: 'json', endpoint: '/a' }, { id: 'a', format: 'custom', name: 'n' }], [{ id: 'h', format: 'hubspot' }], [null]]],
  ['endpoint', [undefined, '/leads', 'leads']],
  ['analytics', [{}, { dataLayer: true }, { fields: ['email', 'nope'] }, { fields: 'email' }, { segment: 'yes' }, { datalayer: true }, [], null]],
];

const OPTION_LISTS: unknown[] = [[], ['a', 'a'], [{ value: 'a' }], [{ value: 'a', label: 'A', x: 1 }], [5], ['a', { value: 'b', label: 'B' }], 'a', [null], [{ value: 1, label: 2 }], [{ label: 'A' }]];

type Mutation = { kind: string; a: number; b: number; v: unknown; c: unknown };

const mutate = (form: Json, m: Mutation): void => {
  const { a, b, v } = m;
  const objects = nodes(form).filter((o) => !Array.isArray(o));
  const fields = fieldsOf(form);
  const steps = stepsOf(form);
  const field = pick(fields, a);
  switch (m.kind) {
    case 'delete': {
      const o = pick(objects, a);
      const k = o && pick(Object.keys(o), b);
      if (k !== undefined) delete o![k];
      return;
    }
    case 'unknownKey': {
      const o = pick(objects, a);
      if (!o) return;
      const own = Object.keys(o);
      // a typo of one of its own keys, or a real key from elsewhere
      const k = b % 2 && own.length ? typo(pick(own, b)!, b >> 1) : pick(KEYS, b)!;
      o[k] = v === undefined ? 'x' : v;
      return;
    }
    case 'setValue': {
      const o = pick(nodes(form), a);
      if (!o) return;
      const keys = Object.keys(o);
      const k = pick(keys, b);
      if (k !== undefined) o[k] = v;
      return;
    }
    case 'fieldType':
      if (field) field.type = b % 3 === 0 ? typo(pick(FIELD_TYPES, b)!, b) : pick(FIELD_TYPES, b);
      return;
    case 'format':
      if (isObj(form.submit)) form.submit.format = pick(['json', 'hubspot', 'salesforce', 'jsn', 'Json', 'xml', 1], b);
      return;
    case 'duplicateId': {
      const list = b % 2 ? steps : fields;
      const x = pick(list, a);
      const y = pick(list, b >> 1);
      if (x && y) x.id = y.id;
      return;
    }
    case 'badId': {
      const target = pick([form, ...steps, ...fields], a);
      if (target) target.id = pick(BAD_IDS, b);
      return;
    }
    case 'condition': {
      const target = pick([...steps, ...fields], a);
      if (target) target.when = m.c;
      return;
    }
    case 'nestCondition': {
      const target = pick([...steps, ...fields].filter((x) => isObj(x.when)), a);
      if (target) target.when = pick([{ not: target.when }, { all: [target.when, m.c] }, { any: [m.c, target.when] }, { all: [] }], b);
      return;
    }
    case 'options':
      if (field) field.options = structuredClone(pick(OPTION_LISTS, b));
      return;
    case 'choiceWithoutOptions':
      if (field) {
        field.type = pick(CHOICE_TYPES, b);
        if (b % 2) delete field.options;
      }
      return;
    case 'range':
      if (field) [field.min, field.max] = pick([[5, 1], [1, 5], [0, 0], [-1, -2], [2, undefined], ['1', 2]], b)!;
      return;
    case 'pattern':
      if (field) field.pattern = pick(PATTERNS, b);
      return;
    case 'endpoint':
      if (isObj(form.submit)) form.submit.endpoint = pick(ENDPOINTS, b);
      return;
    case 'redirect':
      form.after = { ...(isObj(form.after) ? form.after : {}), redirect: pick(REDIRECTS, b) };
      return;
    case 'default': {
      if (!field) return;
      const values = Array.isArray(field.options) ? field.options.map((o: unknown) => (isObj(o) ? o.value : o)) : [];
      field.default = pick([pick(values, a), [pick(values, a)], values, 'nope', ['nope'], true, false, 3, [], [1], null], b);
      return;
    }
    case 'label':
      if (field) {
        if (b % 5 === 0) delete field.label;
        else field.label = pick(['', '  ', 5, 'Ok'], b);
      }
      return;
    case 'moveField': {
      const from = pick(steps, a);
      const to = pick(steps, b);
      if (from && to && Array.isArray(from.fields) && Array.isArray(to.fields) && from.fields.length) to.fields.push(from.fields.shift());
      return;
    }
    case 'cycle': {
      const step = pick(steps, a);
      const list = step && Array.isArray(step.fields) ? step.fields.filter(isObj) : [];
      const x = pick(list, b);
      const y = pick(list, b + 1);
      if (x && y) {
        x.when = { field: y.id, exists: true };
        y.when = { field: x.id, exists: b % 2 === 0 };
      }
      return;
    }
    case 'hole': {
      const arrays = nodes(form).filter(Array.isArray) as unknown[][];
      const arr = pick(arrays, a);
      if (arr?.length) {
        if (b % 2) delete arr[b % arr.length];
        else arr[b % arr.length] = undefined;
      }
      return;
    }
    case 'headers':
      if (isObj(form.submit)) form.submit.headers = pick([{ a: 1 }, { 'X-A': 'b' }, [], { a: undefined }, 'x', { '': '' }], b);
      return;
    case 'lengthy': {
      // zod checks the length of anything that has one, even of the wrong type
      const target = pick([[form, 'steps'], ...steps.map((x) => [x, 'fields']), [form.submit, 'endpoint'], ...fields.map((x) => [x, 'options'])] as [Json, string][], a);
      if (target && isObj(target[0])) target[0][target[1]] = structuredClone(pick(['', [], { length: 0 }, { length: '1' }, 'abc', {}, [''], 0], b));
      return;
    }
    case 'labels':
      form.labels = pick([{ next: 1 }, { nxt: 'x' }, [], {}, { required: '' }], b);
      return;
    case 'profiling': {
      if (!isObj(form.profiling) || b % 7 === 0) form.profiling = b % 2 ? {} : { pool: [], alwaysAsk: [] };
      const key = pick(Object.keys(PROFILING_VALUES), a)!;
      form.profiling[key] = structuredClone(pick(PROFILING_VALUES[key]!, b));
      return;
    }
    case 'profilingList': {
      // a real field (or a typo of one) added to a list: duplicates, hidden fields, unknown ids
      if (!isObj(form.profiling)) form.profiling = {};
      const list = pick(['pool', 'alwaysAsk', 'urlPrefill'], a)!;
      const listed = ['pool', 'alwaysAsk'].flatMap((k) => (Array.isArray(form.profiling[k]) ? form.profiling[k] : []));
      const id = b % 3 === 0 && listed.length ? pick(listed, b >> 2) : pick(idsOf(form), b);
      if (id === undefined) return;
      if (!Array.isArray(form.profiling[list])) form.profiling[list] = [];
      form.profiling[list].push(b % 5 === 0 ? typo(id, b) : id);
      return;
    }
    case 'profileKey':
      if (field) field.profile = pick([...PROFILE_KEYS, ...idsOf(form)], b);
      return;
    case 'from':
      if (field) field.from = structuredClone(pick(SOURCES, b));
      return;
    case 'scoring': {
      if (!isObj(form.scoring) || b % 11 === 0) form.scoring = b % 2 ? {} : { fit: [], intent: [] };
      const key = pick(Object.keys(SCORING_VALUES), a)!;
      form.scoring[key] = structuredClone(pick(SCORING_VALUES[key]!, b));
      return;
    }
    case 'rule': {
      // a condition of a rule, a route or an after rule replaced by a generated one
      const owners = [
        ...(isObj(form.scoring) ? ['fit', 'intent', 'routes'].flatMap((k) => (Array.isArray(form.scoring[k]) ? form.scoring[k].filter(isObj) : [])) : []),
        ...(Array.isArray(form.after) ? form.after.filter(isObj) : isObj(form.after) ? [form.after] : []),
      ];
      const owner = pick(owners, a);
      if (!owner) return;
      // sometimes a rule takes another rule's id instead
      const other = pick(owners, b);
      if (b % 4 === 0 && other && 'id' in other) owner.id = other.id;
      else owner.when = m.c;
      return;
    }
    case 'signals':
      form.signals = structuredClone(pick(SIGNALS_VALUES, b));
      return;
    case 'after':
      form.after = structuredClone(pick(AFTER_VALUES, b));
      return;
    case 'destination': {
      // one key of one destination (a seed's, or a new one) set to a value good or bad for some format
      if (!isObj(form.submit)) return;
      if (!Array.isArray(form.submit.destinations) || b % 9 === 0) form.submit.destinations = [{ id: 'd', format: 'json', endpoint: '/d' }];
      const list = form.submit.destinations as unknown[];
      const target = pick(list, a);
      if (!isObj(target)) return;
      const key = pick(Object.keys(DESTINATION_VALUES), a >> 2)!;
      const value = structuredClone(pick(DESTINATION_VALUES[key]!, b));
      if (value === undefined || (b % 13 === 0 && key !== 'id')) delete target[key];
      else target[key] = value;
      return;
    }
    case 'delivery': {
      if (!isObj(form.submit)) return;
      const [key, values] = pick(DELIVERY_VALUES, a)!;
      const value = structuredClone(pick(values, b));
      const owner = key === 'analytics' ? form : form.submit;
      if (value === undefined) delete owner[key];
      else owner[key] = value;
      return;
    }
  }
};

const KINDS = ['delete', 'unknownKey', 'setValue', 'fieldType', 'format', 'duplicateId', 'badId', 'condition', 'nestCondition', 'options', 'choiceWithoutOptions', 'range', 'pattern', 'endpoint', 'redirect', 'default', 'label', 'moveField', 'cycle', 'hole', 'headers', 'labels', 'lengthy', 'profiling', 'profiling', 'profilingList', 'profileKey', 'profileKey', 'from', 'scoring', 'scoring', 'scoring', 'rule', 'rule', 'signals', 'after', 'after'];
/** The delivery settings' own run (issue 5): mostly delivery mutations, some general ones. */
const DELIVERY_KINDS = ['destination', 'destination', 'destination', 'delivery', 'delivery', 'delete', 'unknownKey', 'setValue', 'endpoint', 'headers', 'hole', 'duplicateId', 'badId'];

/** Conditions, good and bad: ids of real, unknown and typo'd fields; every operator; odd shapes. */
const conditionArb = (ids: readonly string[]) => {
  const id = fc.oneof(fc.constantFrom(...ids), fc.constantFrom('nope', 'emial', 'company_sise', ''), fc.constant(5));
  const scalar = fc.oneof(fc.constantFrom('1-49', '5000+', 'yes', 'dev', 'a', 'c', 'US', 'nope', ''), fc.integer({ min: -2, max: 30 }), fc.boolean());
  const op = fc.constantFrom('equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'equal');
  // facts beyond fields (issue 4): good and bad keys of each kind
  const fact = fc.oneof(
    { weight: 3, arbitrary: id.map((f) => ['field', f] as const) },
    { weight: 1, arbitrary: fc.constantFrom(['profile', 'company_size'], ['profile', ''], ['signal', 'pricing.views'], ['signal', 'visits.count'], ['signal', 'pricing'], ['signal', 'nope.views'], ['signal', 'forms.x.starts'], ['signal', 'a b.count'], ['email', 'class'], ['email', 'domain'], ['email', 'klass'], ['score', 'fit'], ['score', 'stage'], ['score', 'route'], ['score', 'grde'], ['score', 5]) },
  );
  const leaf = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fact, op, scalar, fc.boolean()).map(([[k, f], o, x, list]) => ({ [k]: f, [o]: list ? [x] : x })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({ email: 'free' }, { email: 'competitor' }, { email: 'free', equals: 'x' }, { email: 'frea' }, { signal: 'pricing.views' }, { score: 'fit', field: 'email', gte: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({}, { field: 'email' }, { equals: 'x' }, { field: 'email', equals: 'a', in: ['a'] }, { field: 'email', exists: 'yes' }, { field: 'email', in: 'a' }, [], null, 'x') },
  );
  return fc.letrec<{ c: unknown }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
      tie('c').map((not) => ({ not })),
    ),
  })).c;
};

const ALL_IDS = [...new Set(SEEDS.flatMap(idsOf))];

const caseArb = fc.record({
  seed: fc.nat(SEEDS.length - 1),
  mutations: fc.array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      a: fc.nat(1000),
      b: fc.nat(1000),
      v: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WEIRD_VALUES) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
      c: conditionArb(ALL_IDS),
    }),
    { maxLength: 3 },
  ),
  // sometimes as JSON text, sometimes cut short
  text: fc.constantFrom('object', 'object', 'object', 'json', 'cut'),
  cutAt: fc.nat(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const build = ({ seed, mutations, text, cutAt }: Case): unknown => {
  const form = structuredClone(SEEDS[seed]!);
  for (const m of mutations) mutate(form, m as Mutation);
  if (text === 'object') return form;
  const json = JSON.stringify(form);
  return text === 'cut' ? json.slice(0, cutAt % json.length) : json;
};

describe('checkForm agrees with parseForm', () => {
  test('on the seeds, which are valid', () => {
    for (const seed of SEEDS) {
      expect(parseForm(seed).ok).toBe(true);
      expect(checkForm(seed)).toEqual({ ok: true, form: seed });
      expect(checkForm(JSON.stringify(seed)).ok).toBe(true);
    }
  });

  test('on 2,000 mutated forms: the same verdict and the same (path, code) pairs', () => {
    const outcomes = { ok: 0, invalid: 0, codes: new Set<string>(), profiling: new Set<string>(), scoring: new Set<string>() };
    fc.assert(
      fc.property(caseArb, (c) => {
        const x = build(c);
        const { parsed, checked } = verdicts(x);
        expect(checked).toEqual(parsed);
        if (parsed.ok) outcomes.ok++;
        else outcomes.invalid++;
        for (const p of parsed.problems) {
          const [path, code] = p.split(' ');
          outcomes.codes.add(code!);
          const section = /^(scoring|signals|after)/.exec(path!)?.[0];
          if (section) outcomes.scoring.add(`${section} ${code}`);
          const where = /^profiling|\.(from|profile)\b|\.id$/.exec(path!)?.[0].replace('.', '');
          if (where) outcomes.profiling.add(`${where} ${code}`);
        }
      }),
      { numRuns: 2000, seed: 20260612, endOnFailure: true },
    );
    // the run is meaningful: both verdicts, and most codes, were seen
    expect(outcomes.ok).toBeGreaterThan(100);
    expect(outcomes.invalid).toBeGreaterThan(1000);
    const expected = [
      'invalid_json', 'unknown_key', 'missing_key', 'invalid_type', 'invalid_value', 'invalid_id', 'too_small', 'invalid_operator_value',
      'duplicate_field_id', 'duplicate_step_id', 'invalid_condition', 'unknown_field', 'self_reference', 'forward_reference', 'condition_cycle',
      'unknown_option_value', 'missing_options', 'unexpected_options', 'duplicate_option', 'invalid_default', 'missing_label', 'invalid_range',
      'invalid_pattern', 'invalid_endpoint', 'invalid_redirect', 'invalid_fact', 'duplicate_rule_id', 'invalid_domain',
    ];
    expect(expected.filter((code) => !outcomes.codes.has(code))).toEqual([]);
    // and the profiling rules, structural and semantic, were all met
    const profiling = [
      'profiling unknown_field', 'profiling invalid_range', 'profiling unknown_key', 'profiling invalid_type',
      'profiling invalid_value', 'profile invalid', 'id invalid', 'profile too_small', 'profile invalid_type', 'from unknown_key', 'from invalid_type',
    ];
    expect(profiling.filter((x) => !outcomes.profiling.has(x))).toEqual([]);
    // and the scoring, signals and after rules: structural (the later descriptor) and semantic
    const scoring = [
      'scoring unknown_key', 'scoring invalid_type', 'scoring missing_key', 'scoring invalid_range', 'scoring invalid_fact', 'scoring duplicate_rule_id',
      'scoring invalid_id', 'scoring invalid_domain', 'scoring invalid_condition', 'scoring unknown_field', 'scoring too_small',
      'signals invalid_pattern', 'signals invalid_id', 'signals invalid_type', 'signals unknown_key',
      'after unknown_key', 'after invalid_type', 'after invalid_redirect', 'after unknown_field', 'after missing_key', 'after invalid_condition',
    ];
    expect(scoring.filter((x) => !outcomes.scoring.has(x))).toEqual([]);
  });

  test('on 1,500 mutated delivery configs (destinations, partial, enrich, analytics): the same verdict and pairs', () => {
    expect(parseForm(DELIVERED).ok).toBe(true);
    expect(checkForm(DELIVERED)).toEqual({ ok: true, form: DELIVERED });
    const outcomes = { ok: 0, invalid: 0, delivery: new Set<string>() };
    const deliveryCase = fc.record({
      seed: fc.constantFrom(DELIVERED, MINIMAL),
      mutations: fc.array(
        fc.record({ kind: fc.constantFrom(...DELIVERY_KINDS), a: fc.nat(1000), b: fc.nat(1000), v: fc.constantFrom(...WEIRD_VALUES), c: fc.constant({}) }),
        { minLength: 1, maxLength: 3 },
      ),
      text: fc.constantFrom('object', 'object', 'json'),
    });
    fc.assert(
      fc.property(deliveryCase, ({ seed, mutations, text }) => {
        const form = structuredClone(seed);
        for (const m of mutations) mutate(form, m as Mutation);
        const { parsed, checked } = verdicts(text === 'json' ? JSON.stringify(form) : form);
        expect(checked).toEqual(parsed);
        if (parsed.ok) outcomes.ok++;
        else outcomes.invalid++;
        for (const p of parsed.problems) {
          const [path, code] = p.split(' ');
          const where = /^(submit\.destinations|submit\.partial|submit\.enrich|analytics|submit$)/.exec(path!)?.[0];
          if (where) outcomes.delivery.add(`${where} ${code}`);
        }
      }),
      { numRuns: 1500, seed: 20260705, endOnFailure: true },
    );
    expect(outcomes.ok).toBeGreaterThan(100);
    expect(outcomes.invalid).toBeGreaterThan(500);
    const delivery = [
      'submit missing_destination', 'submit.destinations missing_destination_key', 'submit.destinations unexpected_destination_key',
      'submit.destinations duplicate_destination_id', 'submit.destinations invalid_endpoint', 'submit.destinations invalid_range',
      'submit.destinations unknown_key', 'submit.destinations invalid_type', 'submit.destinations invalid_value', 'submit.destinations missing_key',
      'submit.partial invalid_range', 'submit.partial unknown_field', 'submit.partial too_small', 'submit.enrich invalid_endpoint',
      'submit.enrich invalid_range', 'analytics unknown_field', 'analytics invalid_type', 'analytics unknown_key',
    ];
    expect(delivery.filter((x) => !outcomes.delivery.has(x))).toEqual([]);
  });

  test.each([
    ['a field both in the pool and always asked', { alwaysAsk: ['email', 'company'] }, 'profiling.alwaysAsk[1] duplicate_field_id'],
    ['a field twice in the pool', { pool: ['phone', 'country', 'phone'] }, 'profiling.pool[2] duplicate_field_id'],
    ['an unknown id', { urlPrefill: ['emial'] }, 'profiling.urlPrefill[0] unknown_field'],
    ['an unknown refreshAfterDays key', { refreshAfterDays: { 'compnay size': 3 } }, 'profiling.refreshAfterDays["compnay size"] unknown_field'],
    ['a migrate target no field has', { migrate: { a: 'job_title' } }, 'profiling.migrate.a unknown_field'],
    ['no new fields', { maxNewFields: 0 }, 'profiling.maxNewFields invalid_range'],
    ['a fraction of a field', { maxNewFields: 2.5 }, 'profiling.maxNewFields invalid_range'],
    ['negative days', { retentionDays: -1 }, 'profiling.retentionDays invalid_range'],
  ])('on a hand-broken profiling config: %s', (_, change, problem) => {
    const form = { ...structuredClone(PROFILED), profiling: { ...PROFILED.profiling, ...change } };
    const { parsed, checked } = verdicts(form);
    expect(parsed.problems).toEqual([problem]);
    expect(checked).toEqual(parsed);
  });

  test('records keyed `__proto__` (JSON text can have one): zod drops the key, and so do the checks', () => {
    const text = JSON.stringify(PROFILED)
      .replace('"refreshAfterDays":{', '"refreshAfterDays":{"__proto__":0,')
      .replace('"migrate":{', '"migrate":{"__proto__":"nope",');
    expect(text).toContain('"__proto__":0');
    for (const x of [text, JSON.parse(text)]) {
      const { parsed, checked } = verdicts(x);
      expect(parsed.ok).toBe(true);
      expect(checked).toEqual(parsed);
    }
  });

  test('on random seeds too (a fresh seed each run)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { parsed, checked } = verdicts(build(c));
        expect(checked).toEqual(parsed);
      }),
      { numRuns: 500 },
    );
  });
});
