import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { matchPath } from './match-path.js';
import { readSignal, signalTime } from './read-signal.js';
import { recordEvent, recordFormAbandon, recordFormStart, recordFormSubmit, recordPageView } from './record.js';
import { parseSignalKey, signalName } from './signal-key.js';
import { emptySignals, MAX_EVENTS, MAX_PATHS, VISIT_IDLE_MS, type Signals } from './signals.js';
import { toSignals } from './to-signals.js';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const PAGES = { pricing: '/pricing*', docs: '*docs*', home: '/' };

const views = (paths: [string, number][], s: Signals = emptySignals()) =>
  paths.reduce((acc, [path, at]) => recordPageView(acc, { path, at }, PAGES), s);

describe('matchPath', () => {
  test.each<[string, string, boolean]>([
    ['/pricing*', '/pricing', true],
    ['/pricing*', '/pricing/teams', true],
    ['/pricing*', '/Pricing', true],
    ['/pricing*', '/en/pricing', false],
    ['*docs*', '/en/docs/start', true],
    ['*docs*', '/doc', false],
    ['/', '/', true],
    ['/', '/a', false],
    ['/a*b*c', '/a-b-c', true],
    ['/a*b*c', '/a-c-b', false],
    ['/ab*ba', '/aba', false], // the ends may not overlap
    ['*', '/anything', true],
    ['/blog/*/pricing', '/blog/x/pricing', true],
  ])('%s ~ %s → %s', (glob, path, want) => expect(matchPath(glob, path)).toBe(want));
});

describe('signal keys', () => {
  const isGroup = (n: string) => n === 'pricing';
  test.each<[string, unknown]>([
    ['pricing.views', { subject: 'group', name: 'pricing', metric: 'views' }],
    ['pricing.last', { subject: 'group', name: 'pricing', metric: 'last' }],
    ['Pricing.views', { subject: 'group', name: 'pricing', metric: 'views' }],
    ['whitepaper-download.count', { subject: 'event', name: 'whitepaper-download', metric: 'count' }],
    ['whitepaper-download.last', { subject: 'event', name: 'whitepaper-download', metric: 'last' }],
    ['pages.views', { subject: 'pages', name: '', metric: 'views' }],
    ['visits.count', { subject: 'visits', name: '', metric: 'count' }],
    ['forms.demo.request.starts', { subject: 'form', name: 'demo.request', metric: 'starts' }],
    ['pricing', undefined],
    ['.views', undefined],
    ['pricing.clicks', undefined],
    ['visits.views', undefined],
    ['white paper.count', undefined],
    ['forms..starts', undefined],
    ['forms.demo.count', undefined],
    ['forms.count', undefined],
    ['pages.count', undefined],
  ])('%s', (key, want) => expect(parseSignalKey(key, isGroup)).toEqual(want));

  test('names are lower-cased, other characters become -', () => {
    expect(signalName('  Whitepaper Download! ')).toBe('whitepaper-download');
    expect(signalName('x'.repeat(60))).toHaveLength(40);
  });
});

describe('page views', () => {
  test('count in total, per matching group, with first and last', () => {
    const s = views([
      ['/pricing', T0],
      ['/docs/a', T0 + MIN],
      ['/pricing/teams?x=1#y', T0 + 2 * MIN],
    ]);
    expect(readSignal(s, 'pages.views', T0)).toBe(3);
    expect(readSignal(s, 'pricing.views', T0)).toBe(2);
    expect(readSignal(s, 'docs.views', T0)).toBe(1);
    expect(readSignal(s, 'home.views', T0)).toBe(0); // never: 0, so { lt: 1 } means "never"
    expect(readSignal(s, 'home.last', T0)).toBeUndefined();
    expect(s.groups.pricing).toEqual({ n: 2, first: T0, last: T0 + 2 * MIN });
    expect(s.paths).toEqual(['/pricing', '/docs/a', '/pricing/teams']);
    expect(readSignal(s, 'pricing.last', T0 + 2 * MIN + 3 * DAY)).toBe(3);
    expect(readSignal(s, 'pricing.first', T0 + 1.5 * DAY)).toBe(1.5);
    expect(signalTime(s, 'pricing.views')).toBe(T0 + 2 * MIN);
  });

  test('a new visit after 30 minutes idle, not before', () => {
    const s = views([
      ['/', T0],
      ['/a', T0 + 29 * MIN],
      ['/b', T0 + 29 * MIN + VISIT_IDLE_MS - 1], // 29:59.999 idle: same visit
      ['/c', T0 + 29 * MIN + VISIT_IDLE_MS - 1 + VISIT_IDLE_MS], // exactly 30 minutes: a new one
    ]);
    expect(readSignal(s, 'visits.count', T0)).toBe(2);
    // events and form interactions keep a visit alive too
    const kept = recordPageView(recordEvent(views([['/', T0]]), 'click', T0 + 20 * MIN), { path: '/x', at: T0 + 45 * MIN });
    expect(kept.visits.n).toBe(1);
  });

  test('out-of-order times (two tabs): counts add up, first/last are the extremes, no extra visit', () => {
    const s = views([
      ['/pricing', T0 + 10 * MIN],
      ['/pricing', T0],
    ]);
    expect(s.groups.pricing).toEqual({ n: 2, first: T0, last: T0 + 10 * MIN });
    expect(s.visits.n).toBe(1);
  });

  test('the last distinct paths, most recent last, capped', () => {
    let s = emptySignals();
    for (let i = 0; i < 30; i++) s = recordPageView(s, { path: `/p${i % 15}`, at: T0 + i }, {});
    expect(s.paths).toHaveLength(MAX_PATHS);
    expect(s.paths.at(-1)).toBe('/p14');
    expect(new Set(s.paths).size).toBe(MAX_PATHS);
    expect(recordPageView(s, { path: '/x'.repeat(200), at: T0 }, {}).paths.at(-1)).toHaveLength(120);
  });

  test('records are never changed in place; what cannot be recorded returns the input', () => {
    const s = emptySignals();
    const copy = structuredClone(s);
    recordPageView(s, { path: '/pricing', at: T0 }, PAGES);
    recordEvent(s, 'x', T0);
    recordFormStart(s, 'demo', T0);
    expect(s).toEqual(copy);
    expect(recordPageView(s, { path: '/', at: NaN }, PAGES)).toBe(s);
    expect(recordEvent(s, '  ', T0)).toBe(s);
    expect(recordEvent(s, 'visits', T0)).toBe(s); // reserved
    expect(recordFormStart(s, '', T0)).toBe(s);
  });
});

describe('events and forms', () => {
  test('events: counts and last time per name, case-insensitive', () => {
    let s = recordEvent(emptySignals(), 'Whitepaper Download', T0);
    s = recordEvent(s, 'whitepaper-download', T0 + DAY);
    expect(readSignal(s, 'whitepaper-download.count', T0)).toBe(2);
    expect(readSignal(s, 'Whitepaper-Download.count', T0)).toBe(2);
    expect(readSignal(s, 'whitepaper-download.last', T0 + 3 * DAY)).toBe(2);
    expect(readSignal(s, 'other.count', T0)).toBe(0);
  });

  test('at most 50 event names: the least recent goes', () => {
    let s = emptySignals();
    for (let i = 0; i < MAX_EVENTS; i++) s = recordEvent(s, `e${i}`, T0 + i);
    s = recordEvent(s, 'e0', T0 + 100); // e0 is recent again: e1 is now the oldest
    s = recordEvent(s, 'new', T0 + 101);
    expect(Object.keys(s.events)).toHaveLength(MAX_EVENTS);
    expect(s.events).toHaveProperty('e0');
    expect(s.events).not.toHaveProperty('e1');
    expect(s.events).toHaveProperty('new');
  });

  test('forms: starts, abandons, submits and the last interaction', () => {
    let s = recordFormStart(emptySignals(), 'demo-request', T0);
    s = recordFormAbandon(s, 'demo-request', T0 + MIN);
    s = recordFormStart(s, 'demo-request', T0 + DAY);
    s = recordFormSubmit(s, 'demo-request', T0 + DAY + MIN);
    expect(readSignal(s, 'forms.demo-request.starts', T0)).toBe(2);
    expect(readSignal(s, 'forms.demo-request.abandons', T0)).toBe(1);
    expect(readSignal(s, 'forms.demo-request.submits', T0)).toBe(1);
    expect(readSignal(s, 'forms.demo-request.last', T0 + DAY + MIN)).toBe(0);
    expect(readSignal(s, 'forms.other.starts', T0)).toBe(0);
    expect(readSignal(s, 'forms.demo-request.views', T0)).toBeUndefined();
  });
});

describe('names every JavaScript object has (issue 14)', () => {
  test("an event, a page group or a form named 'constructor' or '__proto__' counts like any other, never NaN", () => {
    let s = emptySignals();
    for (const name of ['constructor', 'toString']) s = recordEvent(recordEvent(s, name, T0), name, T0 + MIN);
    // not kept (a stored record read back drops it), and the record's own prototype untouched
    expect(recordEvent(s, '__proto__', T0)).toBe(s);
    s = recordFormStart(s, 'constructor', T0);
    s = recordPageView(s, { path: '/x', at: T0 }, { constructor: '/x' });
    for (const name of ['constructor', 'toString']) expect(readSignal(s, `${name}.count`, T0 + MIN), name).toBe(2);
    expect(readSignal(s, '__proto__.count', T0)).toBe(0);
    expect(readSignal(s, 'constructor.views', T0)).toBe(1);
    expect(readSignal(s, 'forms.constructor.starts', T0)).toBe(1);
    // stored as JSON and read back, the record is the same (no prototype set from a key)
    expect(toSignals(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(Object.getPrototypeOf(s.events)).toBe(Object.prototype);
  });
});

describe('bounded size', () => {
  test('10,000 random events keep the record under 12 KB of JSON', () => {
    const arb = fc.array(
      fc.record({
        kind: fc.constantFrom('view', 'event', 'start', 'abandon'),
        name: fc.string({ minLength: 1, maxLength: 80 }),
        at: fc.integer({ min: T0, max: T0 + 365 * DAY }),
      }),
      { minLength: 10_000, maxLength: 10_000 },
    );
    fc.assert(
      fc.property(arb, (events) => {
        let s = emptySignals();
        for (const { kind, name, at } of events) {
          if (kind === 'view') s = recordPageView(s, { path: `/${name}`, at }, { ...PAGES, [name.slice(0, 10)]: `/${name.slice(0, 3)}*` });
          else if (kind === 'event') s = recordEvent(s, name, at);
          else if (kind === 'start') s = recordFormStart(s, name, at);
          else s = recordFormAbandon(s, name, at);
        }
        expect(JSON.stringify(s).length).toBeLessThan(12 * 1024);
        expect(toSignals(JSON.parse(JSON.stringify(s)))).toEqual(toSignals(s));
      }),
      { numRuns: 3, seed: 4 },
    );
  }, 30_000);
});

describe('toSignals', () => {
  test('keeps a well-formed record as it is', () => {
    const s = recordFormStart(recordEvent(views([['/pricing', T0]]), 'x', T0), 'demo', T0);
    expect(toSignals(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  test('drops what is not well formed and caps maps, never throws', () => {
    for (const bad of [null, 5, 'x', [], { pages: 'x' }, { events: { x: { n: -1, first: 0, last: 0 } } }]) expect(toSignals(bad)).toEqual(emptySignals());
    const events = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`e${i}`, { n: 1, first: i, last: i }]));
    const s = toSignals({ events: { ...events, 'Bad Name': { n: 1, first: 0, last: 0 }, visits: { n: 1, first: 0, last: 0 } }, paths: ['/a', 5] });
    expect(Object.keys(s.events)).toHaveLength(MAX_EVENTS);
    expect(s.events).toHaveProperty('e79');
    expect(s.events).not.toHaveProperty('e0');
    expect(s.paths).toEqual(['/a']);
    expect(toSignals(JSON.parse('{"events":{"__proto__":{"n":1,"first":0,"last":0}}}')).events).toEqual({});
  });
});

describe('the first visit', () => {
  test('starts the visits tally at its own time, not at 0 (1970)', () => {
    const at = Date.UTC(2026, 0, 5);
    expect(recordPageView(emptySignals(), { path: '/', at }).visits).toEqual({ n: 1, first: at, last: at });
    expect(recordEvent(emptySignals(), 'demo', at).visits).toEqual({ n: 1, first: at, last: at });
    expect(readSignal(recordPageView(emptySignals(), { path: '/', at }), 'visits.first', at)).toBe(0);
  });
});
