import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FieldValue } from '../model/values.js';
import type { Profile } from '../profile/profile.js';
import type { FormConfig, RuleConfig, ScoringConfig } from '../schema/form-schema.js';
import { parseForm } from '../schema/parse-form.js';
import { recordEvent, recordFormStart, recordPageView } from '../behaviour/record.js';
import { emptySignals, type Signals } from '../behaviour/signals.js';
import { chooseAfter } from '../after/choose-after.js';
import { leadFacts } from './lead-facts.js';
import { computeScore, withScore, type ScoreFacts } from './score.js';
import { scoreLead } from './score-lead.js';

const here = dirname(fileURLToPath(import.meta.url));
const parsed = parseForm(readFileSync(resolve(here, '__fixtures__/scored-form.json'), 'utf8'));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const FORM: FormConfig = parsed.form;
const PAGES = FORM.signals!.pages!;

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 1, 12);
const ago = (days: number) => NOW - days * DAY;

type Activity = ['view', string, number] | ['event', string, number] | ['start', string, number];
/** Signals from activity, each `[kind, what, days ago]`. */
const signalsOf = (...activity: Activity[]): Signals =>
  activity.reduce(
    (s, [kind, what, days]) =>
      kind === 'view' ? recordPageView(s, { path: what, at: ago(days) }, PAGES) : kind === 'event' ? recordEvent(s, what, ago(days)) : recordFormStart(s, what, ago(days)),
    emptySignals(),
  );

const remembered = (values: Record<string, FieldValue>): Profile =>
  Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value, learnedAt: new Date(ago(30)).toISOString(), source: { form: 'other', page: '/' } }]));

const score = (answers: Record<string, FieldValue>, extra: { profile?: Profile; signals?: Signals } = {}) =>
  scoreLead(FORM, { answers, profile: extra.profile, context: { signals: extra.signals } }, { now: NOW });

const reason = (s: ReturnType<typeof score>, rule: string) => s.reasons.find((r) => r.rule === rule);

describe('each kind of fact', () => {
  test.each<[string, Record<string, FieldValue>, { profile?: Profile; signals?: Signals }, string, Record<string, unknown>]>([
    ['field', { company_size: '1000+' }, {}, 'size-enterprise', { points: 40, fact: 'field:company_size', value: '1000+' }],
    ['field (a checkbox list contains)', { tools: ['bi', 'crm'] }, {}, 'crm-user', { points: 12.3, fact: 'field:tools', value: ['bi', 'crm'] }],
    ['field, known from the profile (skipped by progressive profiling)', {}, { profile: remembered({ size: '50-999' }) }, 'size-mid', { points: 20, fact: 'field:company_size', value: '50-999' }],
    ['profile', {}, { profile: remembered({ size: '1-49' }) }, 'known-size', { points: 5, fact: 'profile:size', value: '1-49' }],
    ['profile, from this answer', { company_size: '1-49' }, {}, 'known-size', { points: 5, fact: 'profile:size', value: '1-49' }],
    ['email class shorthand', { email: 'ann@gmail.com' }, {}, 'free-mail', { points: -30, fact: 'email:free', value: true }],
    ['email: disposable', { email: 'x@yopmail.com' }, {}, 'disposable', { points: -60, fact: 'email:disposable', value: true }],
    ['email: competitor', { email: 'spy@eu.rival.com' }, {}, 'competitor', { points: -100, fact: 'email:competitor', value: true }],
    ['all: every fact named', { country: 'US', email: 'ann@acme.com' }, {}, 'us-business', { points: 15, fact: 'field:country', value: 'US', facts: [{ fact: 'field:country', value: 'US' }, { fact: 'email:business', value: true }] }],
    ['any: the branch that held', { role: 'student' }, {}, 'student', { points: -40, fact: 'field:role', value: 'student' }],
    ['any: the first branch', { email: 'x@mit.edu' }, {}, 'student', { points: -40, fact: 'email:education', value: true }],
    ['signal: a page group', {}, { signals: signalsOf(['view', '/pricing', 0], ['view', '/pricing/teams', 0]) }, 'pricing', { dimension: 'intent', points: 30, fact: 'signal:pricing.views', value: 2 }],
    ['signal: visits', {}, { signals: signalsOf(['view', '/', 3], ['view', '/', 2], ['view', '/', 0]) }, 'returning', { points: 20, fact: 'signal:visits.count', value: 3 }],
    ['signal: an event', {}, { signals: signalsOf(['event', 'Whitepaper', 0]) }, 'whitepaper', { points: 15, fact: 'signal:whitepaper.count', value: 1 }],
    ['signal: a form', {}, { signals: signalsOf(['start', 'demo-request', 0], ['start', 'demo-request', 0]) }, 'started', { points: 10, fact: 'signal:forms.demo-request.starts', value: 2 }],
    ['signal: days since', {}, { signals: signalsOf(['view', '/x', 0.5]) }, 'recent', { points: 4.8, fact: 'signal:pages.last', value: 0.5 }],
    ['signal: a negative rule, all with never', {}, { signals: signalsOf(...Array.from({ length: 5 }, (_, i): Activity => ['view', `/docs/${i}`, 0])) }, 'docs-only', { points: -10, fact: 'signal:docs.views', value: 5, facts: [{ fact: 'signal:docs.views', value: 5 }, { fact: 'signal:pricing.views', value: 0 }] }],
  ])('%s', (_, answers, extra, rule, want) => {
    expect(reason(score(answers, extra), rule)).toMatchObject(want);
  });

  test('a rule that does not hold gives nothing and is not a reason', () => {
    const s = score({ company_size: '1-49', email: 'ann@acme.com' });
    expect(s.reasons.map((r) => r.rule)).toEqual(['known-size']);
    expect(s).toMatchObject({ fit: 5, intent: 0 });
  });

  test('score facts are not readable by rules (they make the score)', () => {
    const scoring: ScoringConfig = { fit: [{ id: 'r', when: { score: 'fit', exists: false }, points: 10, reason: 'x' }] };
    expect(computeScore(scoring, { read: () => undefined }, NOW).fit).toBe(10);
  });
});

describe('totals', () => {
  test('negative points lower a total, never below 0', () => {
    expect(score({ email: 'spy@rival.com', company_size: '1000+', role: 'vp' })).toMatchObject({ fit: 0 }); // 40 + 25 + 5 − 100
    expect(score({ email: 'ann@gmail.com', company_size: '1000+', role: 'vp' })).toMatchObject({ fit: 40 }); // 40 + 25 + 5 − 30
  });

  test('max caps a total', () => {
    // in time order (a record only starts a visit for activity after its latest)
    const signals = signalsOf(['view', '/', 5], ['view', '/', 3], ['view', '/pricing', 0.01], ['view', '/pricing', 0.01], ['event', 'whitepaper', 0.01], ['start', 'demo-request', 0.01], ['start', 'demo-request', 0.01]);
    const s = score({}, { signals });
    expect(s.reasons.filter((r) => r.dimension === 'intent').reduce((sum, r) => sum + r.points, 0)).toBeGreaterThan(60);
    expect(s.intent).toBe(60);
    expect(score({ company_size: '1000+', role: 'vp', country: 'US', email: 'a@acme.com', tools: ['crm'] }).fit).toBe(97.3); // 40+25+15+12.3+5
  });

  const rules = (points: number): RuleConfig[] => [{ id: 'x', when: { field: 'x', exists: true }, points, reason: 'x' }];
  const facts: ScoreFacts = { read: (kind, key) => (kind === 'field' && key === 'x' ? 'yes' : undefined) };

  test.each<[number, number, string]>([
    [70, 40, 'A1'],
    [69.9, 39.9, 'B2'],
    [45, 20, 'B2'],
    [44.9, 19.9, 'C3'],
    [20, 10, 'C3'],
    [19.9, 9.9, 'D4'],
    [0, 0, 'D4'],
  ])('grade boundaries: fit %d, intent %d → %s', (fit, intent, grade) => {
    const scoring = { ...FORM.scoring, fit: rules(fit), intent: rules(intent), routes: [] };
    expect(computeScore(scoring, facts, NOW).grade).toBe(grade);
  });

  test('default grades are quarters of 100, default stage "mql" is B2 or better', () => {
    const at = (fit: number, intent: number) => computeScore({ fit: rules(fit), intent: rules(intent) }, facts, NOW);
    expect(at(75, 75)).toMatchObject({ grade: 'A1', stage: 'mql' });
    expect(at(50, 50)).toMatchObject({ grade: 'B2', stage: 'mql' });
    expect(at(50, 49.9)).toMatchObject({ grade: 'B3', stage: 'lead' });
    expect(at(24.9, 25)).toMatchObject({ grade: 'D3', stage: 'lead' });
    expect(at(150, 0)).toMatchObject({ fit: 100 }); // default max 100
    expect(computeScore(undefined, facts, NOW)).toEqual({
      fit: 0, intent: 0, grade: 'D4', stage: 'lead', route: null, priority: null, respondWithinMinutes: null, provisional: true, reasons: [],
    });
    expect(computeScore({ stages: {} , fit: rules(100), intent: rules(100) }, facts, NOW).stage).toBe('lead');
  });

  test.each<[number, number, string]>([
    [70, 40, 'sql'],
    [69.9, 40, 'mql'],
    [70, 39.9, 'mql'],
    [45, 10, 'mql'],
    [44.9, 60, 'lead'],
    [45, 9.9, 'lead'],
  ])('stage thresholds: fit %d, intent %d → %s (first met wins)', (fit, intent, stage) => {
    const scoring = { ...FORM.scoring, fit: rules(fit), intent: rules(intent) };
    expect(computeScore(scoring, facts, NOW).stage).toBe(stage);
  });
});

describe('routing', () => {
  const routed = (fit: number, intent: number, country?: string) => {
    const read: ScoreFacts['read'] = (kind, key) => (kind === 'field' ? (key === 'country' ? country : 'yes') : undefined);
    const scoring = { ...FORM.scoring, fit: [{ id: 'f', when: { field: 'x', exists: true }, points: fit, reason: 'x' }], intent: [{ id: 'i', when: { field: 'x', exists: true }, points: intent, reason: 'x' }] };
    const s = computeScore(scoring, { read }, NOW);
    return [s.route, s.priority, s.respondWithinMinutes];
  };

  test('the first matching route wins; it may read the score and answers', () => {
    expect(routed(80, 50, 'US')).toEqual(['ae-us', 'high', 15]);
    expect(routed(80, 50, 'DE')).toEqual(['ae-row', 'high', 60]);
    expect(routed(50, 20)).toEqual(['sdr', 'normal', 240]); // B2
  });

  test('a route without when is the default; with no default, no route', () => {
    expect(routed(10, 0)).toEqual(['nurture', 'low', null]);
    const scoring: ScoringConfig = { routes: [{ when: { score: 'grade', equals: 'A1' }, route: 'ae' }] };
    expect(computeScore(scoring, { read: () => undefined }, NOW)).toMatchObject({ route: null, priority: null, respondWithinMinutes: null });
  });
});

describe('intent decay (half-life 10 days)', () => {
  const whitepaper = (daysAgo: number) => reason(score({}, { signals: signalsOf(['event', 'whitepaper', daysAgo]) }), 'whitepaper')!.points;

  test.each<[number, number]>([
    [0, 15],
    [10, 7.5], // one half-life: half the points
    [20, 3.8], // 3.75, rounded half up to one decimal
    [5, 10.6], // 15 × 0.5^0.5 = 10.606…
    [100, 0], // 0.0146… rounds to 0: still a reason, with 0 points
  ])('%d days since the event → %d points', (days, points) => {
    expect(whitepaper(days)).toBe(points);
  });

  test('the clock is injected: the same record scored later decays', () => {
    const signals = signalsOf(['event', 'whitepaper', 0]);
    const later = scoreLead(FORM, { context: { signals } }, { now: NOW + 10 * DAY });
    expect(reason(later, 'whitepaper')!.points).toBe(7.5);
  });

  test('the freshest fact that made the rule hold sets the age', () => {
    const intent: RuleConfig[] = [{ id: 'both', when: { all: [{ signal: 'a.count', gte: 1 }, { signal: 'b.count', gte: 1 }] }, points: 8, reason: 'x' }];
    const signals = recordEvent(recordEvent(emptySignals(), 'a', ago(30)), 'b', ago(10));
    const s = computeScore({ intent, halfLifeDays: 10 }, leadFacts(FORM, { signals }, NOW), NOW);
    expect(s.reasons[0]!.points).toBe(4);
  });

  test('no time, no decay: an intent rule on an answer keeps its points', () => {
    const intent: RuleConfig[] = [{ id: 'asked', when: { field: 'role', exists: true }, points: 8, reason: 'x' }];
    expect(computeScore({ intent }, leadFacts(FORM, { answers: { role: 'vp' } }, NOW), NOW).intent).toBe(8);
  });

  test('fit never decays', () => {
    const fit: RuleConfig[] = [{ id: 'p', when: { signal: 'whitepaper.count', gte: 1 }, points: 8, reason: 'x' }];
    expect(computeScore({ fit }, leadFacts(FORM, { signals: signalsOf(['event', 'whitepaper', 50]) }, NOW), NOW).fit).toBe(8);
  });
});

describe('scoreLead', () => {
  test('scores at submittedAt by default: a receiver re-scoring a payload gets the same score', () => {
    const signals = signalsOf(['event', 'whitepaper', 10], ['view', '/pricing', 1], ['view', '/pricing', 0.5]);
    const payload = JSON.parse(JSON.stringify({ answers: { email: 'a@acme.com', company_size: '1000+', role: 'vp', country: 'US' }, context: { signals }, submittedAt: new Date(NOW).toISOString() }));
    const s = scoreLead(FORM, payload);
    expect(s).toEqual(scoreLead(FORM, payload, { now: NOW }));
    // intent: 29 + 4.8 + 19.3 + 7.5 = 60.6, capped at 60
    expect(s).toMatchObject({ fit: 85, intent: 60, grade: 'A1', stage: 'sql', route: 'ae-us', priority: 'high', respondWithinMinutes: 15, provisional: true });
    // fit first, then intent; each by rule id
    expect(s.reasons.map((r) => `${r.dimension} ${r.rule} ${r.points}`)).toEqual([
      'fit known-size 5',
      'fit senior 25',
      'fit size-enterprise 40',
      'fit us-business 15',
      'intent pricing 29', // 30 × 0.5^(0.5 / 10): the last pricing view was half a day ago
      'intent recent 4.8',
      'intent returning 19.3', // three visits: the event 10 days ago, the views 1 and 0.5 days ago
      'intent whitepaper 7.5', // one half-life
    ]);
  });

  test('untrusted payload parts cannot break it', () => {
    const weird = { answers: { company_size: { x: 1 } as never, constructor: 'x' }, profile: { size: 5 } as never, context: { signals: { events: 'x' } } };
    expect(() => scoreLead(FORM, weird, { now: NOW })).not.toThrow();
    expect(scoreLead(FORM, {}, { now: NOW })).toMatchObject({ fit: 0, intent: 0, grade: 'D4', route: 'nurture' });
  });
});

describe('chooseAfter', () => {
  const after = (answers: Record<string, FieldValue>, stage: string) => chooseAfter(FORM.after, withScore(leadFacts(FORM, { answers }, NOW).read, { stage }));

  test('the first matching rule; its booking link carries URL-encoded answers, absent ones left out', () => {
    expect(after({ email: 'ann+demo@acme.com', first_name: 'Ann Marie & co', tools: ['crm', 'bi'] }, 'sql')).toEqual({
      title: 'Book your demo now',
      booking: 'https://cal.example.com/team/demo?src=cairn&email=ann%2Bdemo%40acme.com&name=Ann%20Marie%20%26%20co&tools=crm%2Cbi#top',
    });
    expect(after({ email: 'x@gmail.com' }, 'sql')!.title).toBe('Book your demo now');
    expect(after({ email: 'x@gmail.com' }, 'mql')).toEqual({ message: 'Please use your work email next time.' });
    expect(after({ email: 'x@acme.com' }, 'mql')).toEqual({ title: 'Thanks!', redirect: 'https://example.com/thanks' });
  });

  test('one object is a list of one; nothing matching, nothing', () => {
    const read = () => undefined;
    expect(chooseAfter({ title: 'Hi' }, read)).toEqual({ title: 'Hi' });
    expect(chooseAfter(undefined, read)).toBeUndefined();
    expect(chooseAfter([{ when: { email: 'free' }, title: 'x' }], read)).toBeUndefined();
    expect(chooseAfter({ booking: { url: 'https://c.example/x', params: { a: 'nope' } } }, read)).toEqual({ booking: 'https://c.example/x' });
  });
});

describe('the score does not depend on order', () => {
  const answerArb = fc.record(
    {
      email: fc.constantFrom('a@acme.com', 'b@gmail.com', 'c@mit.edu', 'd@rival.com', 'e@yopmail.com', 'bad'),
      company_size: fc.constantFrom('1-49', '50-999', '1000+'),
      role: fc.constantFrom('engineer', 'manager', 'vp', 'student'),
      country: fc.constantFrom('US', 'DE', 'other'),
      tools: fc.subarray(['crm', 'bi', 'erp']),
    },
    { requiredKeys: [] },
  );
  const activityArb = fc.array(
    fc.tuple(fc.constantFrom<Activity[0]>('view', 'event', 'start'), fc.constantFrom('/pricing', '/docs/a', '/', 'whitepaper', 'demo-request'), fc.double({ min: 0, max: 60, noNaN: true })),
    { maxLength: 30 },
  );

  test('of rules (within and across fit/intent positions) or of answers', () => {
    fc.assert(
      fc.property(answerArb, activityArb, fc.nat(), fc.nat(), (answers, activity, seedA, seedB) => {
        const signals = signalsOf(...(activity as Activity[]));
        const shuffle = <T,>(list: readonly T[], seed: number) => {
          const out = [...list];
          for (let i = out.length - 1, s = seed; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const scoring = FORM.scoring!;
        const reordered: FormConfig = { ...FORM, scoring: { ...scoring, fit: shuffle(scoring.fit!, seedA), intent: shuffle(scoring.intent!, seedB) } };
        const reversedAnswers = Object.fromEntries(Object.entries(answers).reverse());
        const a = scoreLead(FORM, { answers, context: { signals } }, { now: NOW });
        const b = scoreLead(reordered, { answers: reversedAnswers, context: { signals } }, { now: NOW });
        expect(b).toEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 300 },
    );
  });
});
