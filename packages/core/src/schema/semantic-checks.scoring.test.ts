import { describe, expect, test } from 'vitest';
import { checkForm } from './check-form.js';
import { parseForm } from './parse-form.js';

/** Scoring, signals, after rules and the new condition facts (issue 4): each problem's path, code and words. */

const base = () => ({
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'email', type: 'email', label: 'Email' },
        { id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'] },
      ],
    },
    { id: 'two', fields: [{ id: 'first_name', type: 'text', label: 'First name' }] },
  ],
  submit: { endpoint: '/leads' },
  signals: { pages: { pricing: '/pricing*' } },
});

const rule = (when: unknown, id = 'r') => ({ id, when, points: 10, reason: 'why' });

/** parseForm's errors, as `path code: message — hint`; checkForm must name the same (path, code) pairs. */
const problems = (extra: Record<string, unknown>): string[] => {
  const form = { ...base(), ...extra };
  const parsed = parseForm(form);
  const checked = checkForm(form);
  const errors = parsed.ok ? [] : parsed.errors;
  expect(checked.ok ? [] : checked.problems).toEqual(errors.map(({ path, code }) => ({ path, code })));
  return errors.map((e) => `${e.path} ${e.code}: ${e.message}${e.hint ? ` — ${e.hint}` : ''}`);
};

describe('a valid scored form', () => {
  test('uses every fact, in steps, rules, routes and after rules', () => {
    const form = {
      steps: [
        ...base().steps,
        {
          id: 'three',
          when: { any: [{ signal: 'pricing.views', gte: 2 }, { score: 'stage', equals: 'mql' }, { email: 'business' }, { profile: 'size', exists: true }] },
          fields: [{ id: 'seats', type: 'number', label: 'Seats' }],
        },
      ],
      scoring: {
        fit: [rule({ field: 'size', equals: '1000+' }, 'big'), rule({ email: 'free' }, 'free'), rule({ email: 'companyDomain', equals: 'acme.com' }, 'acme')],
        intent: [rule({ signal: 'visits.count', gte: 3 }, 'back'), rule({ signal: 'forms.demo.starts', gte: 1 }, 'started'), rule({ signal: 'ebook.last', lte: 7 }, 'ebook')],
        stages: { sql: { fit: 80, intent: 60 }, mql: { fit: 50 } },
        routes: [{ when: { score: 'grade', in: ['A1', 'A2'] }, route: 'ae', priority: 'high', respondWithinMinutes: 30 }, { route: 'sdr' }],
        competitors: ['rival.com'],
      },
      after: [{ when: { score: 'route', equals: 'ae' }, booking: { url: 'https://cal.example.com/x', params: { email: 'email', name: 'first_name' } } }, { message: 'Thanks' }],
    };
    expect(problems(form)).toEqual([]);
  });

  test('the single after object (the old form) still works, now with when and booking', () => {
    expect(problems({ after: { title: 'Thanks', redirect: 'https://example.com/x' } })).toEqual([]);
    expect(problems({ after: { booking: { url: 'https://cal.example.com' } } })).toEqual([]);
  });
});

describe('problems', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'a rule id used twice across fit and intent',
      { scoring: { fit: [rule({ email: 'free' }, 'a')], intent: [rule({ signal: 'pages.views', gte: 1 }, 'a')] } },
      ["scoring.intent[0].id duplicate_rule_id: rule id 'a' is also used at scoring.fit[0] — rule ids are unique across fit and intent: they name the reasons of a score"],
    ],
    [
      'a signal key without a metric',
      { scoring: { intent: [rule({ signal: 'pricing', gte: 1 })] } },
      [expect.stringMatching(/^scoring\.intent\[0\]\.when\.signal invalid_fact: 'pricing' is not a signal — use '<name>\.<metric>': pages\.views\|first\|last, /)],
    ],
    [
      'a page group that is not configured',
      { scoring: { intent: [rule({ signal: 'prcing.views', gte: 1 })] } },
      ["scoring.intent[0].when.signal invalid_fact: 'prcing.views' reads a page group that is not in signals.pages — did you mean 'pricing'?"],
    ],
    [
      'a score fact in a scoring rule',
      { scoring: { fit: [rule({ score: 'intent', gte: 1 })] } },
      ["scoring.fit[0].when.score invalid_fact: a rule cannot read the score's 'intent' — scoring rules make the score: read answers, profile, email and signals"],
    ],
    [
      'a route reading the route',
      { scoring: { routes: [{ when: { score: 'priority', equals: 'high' }, route: 'x' }] } },
      ["scoring.routes[0].when.score invalid_fact: a route cannot read the score's 'priority' — routes may read fit, intent, grade and stage"],
    ],
    ['an unknown score fact', { after: [{ when: { score: 'stag', equals: 'mql' } }] }, ["after[0].when.score invalid_fact: 'stag' is not a score fact — did you mean 'stage'?"]],
    ['an unknown email fact', { after: { when: { email: 'fre' } } }, ["after.when.email invalid_fact: 'fre' is not an email fact — did you mean 'free'?"]],
    [
      'an email class with an operator',
      { scoring: { fit: [rule({ email: 'free', equals: true })] } },
      ['scoring.fit[0].when invalid_condition: { "email": \'free\' } takes no operator — compare the class with one: { "email": "class", "in": ["free"] }'],
    ],
    [
      'a fact without an operator (other than an email class)',
      { scoring: { intent: [rule({ signal: 'pricing.views' })] } },
      ["scoring.intent[0].when invalid_condition: condition has 'signal' — add one operator: equals, notEquals, in, notIn, gt, gte, lt, lte, contains, exists"],
    ],
    ['two facts', { scoring: { fit: [rule({ profile: 'size', field: 'size', exists: true })] } }, [expect.stringContaining("scoring.fit[0].when invalid_condition: condition has 'field', 'profile' and 'exists'")]],
    ['an unknown field in a rule', { scoring: { fit: [rule({ field: 'sise', exists: true })] } }, ["scoring.fit[0].when.field unknown_field: unknown field 'sise' — did you mean 'size'?"]],
    ['a rule may read a field of a later step', { scoring: { fit: [rule({ field: 'first_name', exists: true })] } }, []],
    ['grades that rise', { scoring: { grades: { fit: { B: 80 } } } }, ['scoring.grades.fit.B invalid_range: B (80) is greater than A (75) — a lower grade needs at most the points of A']],
    ['intent grades that rise', { scoring: { grades: { intent: { 1: 40 } } } }, ['scoring.grades.intent["1"] invalid_range: 2 (50) is greater than 1 (40) — a lower grade needs at most the points of 1']],
    ['a zero half-life', { scoring: { halfLifeDays: 0 } }, ['scoring.halfLifeDays invalid_range: 0 is not a number greater than 0']],
    ['a negative max', { scoring: { max: { intent: -5 } } }, ['scoring.max.intent invalid_range: -5 is not a number greater than 0']],
    ['a zero response time', { scoring: { routes: [{ route: 'x', respondWithinMinutes: 0 }] } }, ['scoring.routes[0].respondWithinMinutes invalid_range: 0 is not a number greater than 0']],
    ['a stage name that is a number', { scoring: { stages: { '1': { fit: 5 } } } }, [expect.stringMatching(/^scoring\.stages\["1"\] invalid_id: '1' is not a usable name/)]],
    ['a reserved page group name', { signals: { pages: { visits: '/v*' } } }, [expect.stringMatching(/^signals\.pages\.visits invalid_id: 'visits' is not a usable name/)]],
    ['a page glob that is not a path', { signals: { pages: { pricing: 'pricing' } } }, ["signals.pages.pricing invalid_pattern: 'pricing' is not a path glob — start it with '/' (or '*'), e.g. '/pricing*'"]],
    ['a competitor URL', { scoring: { competitors: ['https://rival.com'] } }, ["scoring.competitors[0] invalid_domain: 'https://rival.com' is not a domain — write the domain alone, e.g. 'rival.com'"]],
    ['a booking URL that is not http(s)', { after: [{ booking: { url: 'javascript:x' } }] }, ["after[0].booking.url invalid_redirect: 'javascript:x' is not an http(s) URL — use a full address: 'https://…'"]],
    ['a booking param naming no field', { after: { booking: { url: 'https://c.example', params: { e: 'emial' } } } }, ["after.booking.params.e unknown_field: unknown field 'emial' — did you mean 'email'?"]],
    ['a relative redirect in a list', { after: [{ title: 'x' }, { redirect: '/thanks' }] }, ["after[1].redirect invalid_redirect: '/thanks' is not an http(s) URL — use a full address: 'https://…'"]],
    // structure, from the later descriptor
    ['a rule without points', { scoring: { fit: [{ id: 'a', when: { email: 'free' }, reason: 'x' }] } }, ["scoring.fit[0] missing_key: missing 'points'"]],
    ['a typo in a scoring key', { scoring: { halfLifeDay: 3 } }, [expect.stringMatching(/^scoring\.halfLifeDay unknown_key: unknown key 'halfLifeDay' — did you mean 'halfLifeDays'\?/)]],
    ['an after rule with a typo', { after: [{ titel: 'x' }] }, [expect.stringMatching(/^after\[0\]\.titel unknown_key: unknown key 'titel' — did you mean 'title'\?/)]],
    ['after of the wrong type', { after: 'thanks' }, ['after invalid_type: expected an object or an array, got string']],
  ])('%s', (_, extra, expected) => {
    expect(problems(extra)).toEqual(expected);
  });

  test('later-key structure and whole-form rules are both checkFormSemantics’s; the render half passes them', async () => {
    const { checkFormShape, checkFormSemantics } = await import('./check-form.js');
    const form = { ...base(), scoring: { halfLife: 3 } };
    expect(checkFormShape(form).ok).toBe(true);
    expect(checkFormSemantics(form as never)).toEqual({ ok: false, problems: [{ path: 'scoring.halfLife', code: 'unknown_key' }] });
    // a structural problem in both halves: checkForm names both, as parseForm does
    const both = { ...form, steps: [{ id: 'x', fields: [{ id: 'a', type: 'emial', label: 'A' }] }] };
    expect(checkForm(both)).toEqual({
      ok: false,
      problems: [
        { path: 'scoring.halfLife', code: 'unknown_key' },
        { path: 'steps[0].fields[0].type', code: 'invalid_value' },
      ],
    });
  });
});
