import { describe, expect, test } from 'vitest';
import { readSignal } from './read-signal.js';
import { VISIT_IDLE_MS } from './signals.js';
import {
  addPageGroups,
  emptyVisitorRecord,
  MAX_TOUCHPOINTS,
  recordVisit,
  toVisitorRecord,
  touchOf,
  visitorContext,
  type VisitorRecord,
} from './visitor-record.js';

const T0 = Date.UTC(2026, 2, 1, 9);
const MIN = 60_000;
const SITE = 'https://www.example.com';
const visit = (r: VisitorRecord, path: string, at: number, referrer = '') => recordVisit(r, { url: SITE + path, referrer, at });

describe('touches', () => {
  test('a touch keeps UTM, referrer and the landing page without query or hash', () => {
    expect(touchOf({ url: `${SITE}/pricing?utm_source=linkedin&utm_campaign=q4&email=a@b.c#x`, referrer: 'https://www.linkedin.com/', at: T0 })).toEqual({
      at: T0,
      utm: { source: 'linkedin', campaign: 'q4' },
      referrer: 'https://www.linkedin.com/',
      landing: `${SITE}/pricing`,
    });
  });

  test('the first view is the first touch, even direct; campaigns and other sites are touchpoints, one per visit', () => {
    let r = visit(emptyVisitorRecord(), '/', T0);
    expect(r.firstTouch).toMatchObject({ at: T0, utm: {}, referrer: '' });
    expect(r.touchpoints).toEqual([]);
    expect(r.lastTouch).toEqual(r.firstTouch);
    // same visit, internal referrer: nothing new
    r = visit(r, '/pricing', T0 + MIN, `${SITE}/`);
    expect(r.touchpoints).toEqual([]);
    // a new visit from a search engine
    r = visit(r, '/pricing', T0 + MIN + VISIT_IDLE_MS, 'https://www.google.com/');
    expect(r.touchpoints).toHaveLength(1);
    expect(r.lastTouch).toMatchObject({ referrer: 'https://www.google.com/', landing: `${SITE}/pricing` });
    // a second view of that visit from the same source is no new touchpoint
    r = visit(r, '/docs', T0 + 2 * MIN + VISIT_IDLE_MS, 'https://www.google.com/');
    expect(r.touchpoints).toHaveLength(1);
    // within the visit, a campaign click is a new source: a touchpoint
    r = recordVisit(r, { url: `${SITE}/?utm_source=newsletter`, referrer: '', at: T0 + 3 * MIN + VISIT_IDLE_MS });
    expect(r.touchpoints.map((t) => t.utm.source ?? t.referrer)).toEqual(['https://www.google.com/', 'newsletter']);
    expect(r.firstTouch!.at).toBe(T0);
    expect(readSignal(r.signals, 'visits.count', T0)).toBe(2);
  });

  test(`at most ${MAX_TOUCHPOINTS} touchpoints, the last ones`, () => {
    let r = emptyVisitorRecord();
    for (let i = 0; i < 15; i++) r = recordVisit(r, { url: `${SITE}/?utm_campaign=c${i}`, referrer: '', at: T0 + i * 2 * VISIT_IDLE_MS });
    expect(r.touchpoints).toHaveLength(MAX_TOUCHPOINTS);
    expect(r.touchpoints[0]!.utm.campaign).toBe('c5');
    expect(r.lastTouch!.utm.campaign).toBe('c14');
    expect(r.firstTouch!.utm.campaign).toBe('c0');
  });
});

describe('page groups', () => {
  test('views count in the groups the record knows', () => {
    let r = addPageGroups(emptyVisitorRecord(), { pricing: '/pricing*' });
    r = visit(r, '/pricing', T0);
    r = visit(r, '/pricing/teams', T0 + MIN);
    expect(readSignal(r.signals, 'pricing.views', T0)).toBe(2);
  });

  test('a group learned after the view (the config arrived later) counts the current view once', () => {
    let r = visit(emptyVisitorRecord(), '/pricing', T0);
    expect(readSignal(r.signals, 'pricing.views', T0)).toBe(0);
    const current = { path: '/pricing', at: T0 };
    r = addPageGroups(r, { Pricing: '/pricing*', docs: '/docs*' }, current);
    expect(readSignal(r.signals, 'pricing.views', T0)).toBe(1);
    expect(readSignal(r.signals, 'docs.views', T0)).toBe(0);
    // a second form on the page with the same groups: not counted again
    r = addPageGroups(r, { pricing: '/pricing*' }, current);
    expect(readSignal(r.signals, 'pricing.views', T0)).toBe(1);
    expect(readSignal(r.signals, 'pages.views', T0)).toBe(1);
  });

  test('reserved names and overlong globs are ignored', () => {
    const r = addPageGroups(emptyVisitorRecord(), { visits: '/x', ok: '/ok', long: '/' + 'a'.repeat(300) });
    expect(Object.keys(r.pages)).toEqual(['ok']);
  });
});

describe('stored records', () => {
  test('a record survives storage (structured clone or JSON)', () => {
    let r = addPageGroups(emptyVisitorRecord(), { pricing: '/pricing*' });
    r = recordVisit(r, { url: `${SITE}/pricing?utm_source=x`, referrer: '', at: T0 });
    expect(toVisitorRecord(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  test('garbage becomes an empty record, bad entries are dropped', () => {
    expect(toVisitorRecord('nope')).toEqual(emptyVisitorRecord());
    const r = toVisitorRecord({ touchpoints: [{ at: 'x' }, { at: T0, utm: { source: 5, medium: 'cpc' } }], pages: { a: 5, b: '/b' }, firstTouch: {} });
    expect(r.touchpoints).toEqual([{ at: T0, utm: { medium: 'cpc' }, referrer: '', landing: '' }]);
    expect(r.pages).toEqual({ b: '/b' });
    expect(r.firstTouch).toBeUndefined();
  });

  test('what a lead carries', () => {
    const r = visit(emptyVisitorRecord(), '/', T0);
    expect(visitorContext(r)).toEqual({ signals: r.signals, visits: 1, firstTouch: r.firstTouch, lastTouch: r.firstTouch, touchpoints: [] });
  });
});
