// Live scoring in a session (happy-dom, createForm): `session.score` follows the answers, and
// conditions on score, email, signal and profile facts reveal steps as the lead qualifies.
import { effect } from '@preact/signals-core';
import { describe, expect, it, vi } from 'vitest';
import { parseForm } from '../schema/parse-form.js';
import { createForm } from '../session/create-form.js';
import { emptySignals } from '../behaviour/signals.js';
import { recordEvent, recordPageView } from '../behaviour/record.js';
import { scoreLead } from './score-lead.js';
import { scoreLive } from './live-score.js';

const NOW = Date.UTC(2026, 3, 1, 12);
const DAY = 86_400_000;

const parsed = parseForm({
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'about',
      fields: [
        { id: 'email', type: 'email', label: 'Email' },
        { id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'], profile: 'company_size' },
        { id: 'free_hint', type: 'text', label: 'Use your work address?', when: { email: 'free' } },
      ],
    },
    { id: 'meeting', when: { score: 'stage', equals: 'mql' }, fields: [{ id: 'slot', type: 'text', label: 'When suits you?' }] },
    { id: 'thanks', fields: [{ id: 'note', type: 'textarea', label: 'Anything else?' }] },
  ],
  submit: { endpoint: '/leads' },
  signals: { pages: { pricing: '/pricing*' } },
  scoring: {
    fit: [
      { id: 'enterprise', when: { field: 'size', equals: '1000+' }, points: 60, reason: 'Company of 1,000+' },
      { id: 'business-email', when: { email: 'business' }, points: 20, reason: 'Business address' },
      { id: 'free-mail', when: { email: 'free' }, points: -30, reason: 'Free mail' },
    ],
    intent: [{ id: 'pricing', when: { signal: 'pricing.views', gte: 2 }, points: 40, reason: 'Viewed pricing twice' }],
    stages: { mql: { fit: 50, intent: 30 } },
    routes: [{ when: { score: 'stage', equals: 'mql' }, route: 'enterprise', priority: 'high', respondWithinMinutes: 30 }, { route: 'nurture' }],
  },
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const form = parsed.form;

const twoPricingViews = [NOW - 2 * DAY, NOW - DAY].reduce((s, at) => recordPageView(s, { path: '/pricing', at }, { pricing: '/pricing*' }), emptySignals());
const open = (signals = twoPricingViews, profile = {}) =>
  createForm(form, { signals: () => signals, now: () => new Date(NOW), profile, deliver: async () => ({ ok: true }), uuid: () => 'id-1' });
const steps = (s: ReturnType<typeof open>) => s.visibleSteps.value.map((x) => x.id);

describe('scoreLive (through createForm)', () => {
  it('reveals a score-conditioned step once the answers make the lead an MQL, and hides it again', () => {
    const s = open();
    expect(steps(s)).toEqual(['about', 'thanks']);
    expect(s.score!.value).toMatchObject({ fit: 0, intent: 39.1, stage: 'lead', route: 'nurture' }); // the last view a day ago: 40 × 0.5^(1/30)
    s.set('email', 'ana@acme.com');
    expect(steps(s)).toEqual(['about', 'thanks']); // fit 20
    s.set('size', '1000+');
    expect(s.score!.value).toMatchObject({ fit: 80, stage: 'mql', grade: 'A3', route: 'enterprise', priority: 'high' });
    expect(steps(s)).toEqual(['about', 'meeting', 'thanks']);
    s.set('email', 'ana@gmail.com'); // 60 - 30 = 30: no longer qualified
    expect(s.score!.value!.stage).toBe('lead');
    expect(steps(s)).toEqual(['about', 'thanks']);
    expect(s.isVisible('free_hint')).toBe(true); // an email fact read by a field condition
  });

  it('without the behaviour the same answers do not qualify', () => {
    const s = open(emptySignals());
    s.set('email', 'ana@acme.com');
    s.set('size', '1000+');
    expect(s.score!.value).toMatchObject({ fit: 80, intent: 0, stage: 'lead' });
    expect(steps(s)).toEqual(['about', 'thanks']);
  });

  it('answers given before the stored behaviour was read are scored again when it lands (`ready`)', async () => {
    let signals = emptySignals(); // what the tracker knows before its record is read: this page only
    let land!: () => void;
    const ready = new Promise<void>((resolve) => (land = resolve));
    const s = open(emptySignals());
    const stop = scoreLive(s, { signals: () => signals, now: () => NOW, ready });
    s.set('email', 'ana@acme.com');
    s.set('size', '1000+');
    expect(s.score!.value).toMatchObject({ intent: 0, stage: 'lead' });
    expect(steps(s)).toEqual(['about', 'thanks']);
    signals = twoPricingViews;
    land();
    await ready;
    expect(s.score!.value).toMatchObject({ fit: 80, stage: 'mql' });
    expect(steps(s)).toEqual(['about', 'meeting', 'thanks']);
    stop();
  });

  it('remembered answers score too (a known size skipped by profiling still counts)', () => {
    const s = open(twoPricingViews, { company_size: { value: '1000+', learnedAt: new Date(NOW - DAY).toISOString(), source: { form: 'x', page: '/' } } });
    s.set('email', 'ana@acme.com');
    expect(s.score!.value!.stage).toBe('mql');
    expect(steps(s)).toContain('meeting');
  });

  it('session.score is a signal the renderer can subscribe to', () => {
    const s = open();
    const seen: string[] = [];
    const stop = effect(() => void seen.push(s.score!.value?.stage + ' ' + s.score!.value?.fit));
    s.set('email', 'ana@acme.com');
    s.set('size', '1000+');
    stop();
    expect(seen).toEqual(['lead 0', 'lead 20', 'mql 80']);
  });

  it('the payload carries the score of the payload itself: a receiver re-scores it exactly', async () => {
    const s = open();
    s.set('email', 'ana@acme.com');
    s.set('size', '1000+');
    s.next();
    s.set('slot', 'Tuesday');
    s.next();
    const result = await s.submit();
    if (!result.ok) throw new Error('not submitted');
    const { payload } = result;
    expect(payload.context.signals).toEqual(twoPricingViews);
    expect(payload.score).toMatchObject({ fit: 80, intent: 39.1, stage: 'mql', route: 'enterprise', respondWithinMinutes: 30 });
    expect(payload.score!.reasons.map((r) => r.rule)).toEqual(['business-email', 'enterprise', 'pricing']);
    const received = JSON.parse(JSON.stringify(payload));
    expect(scoreLead(form, received)).toEqual(payload.score);
    expect(s.score!.value).toEqual(payload.score); // the live score is the one sent
  });

  it('conditions are re-checked only when a fact they read changes value; unrelated answers cost nothing', () => {
    const s = open();
    const setFacts = vi.spyOn(s, 'setFacts');
    scoreLive(s, { signals: () => twoPricingViews, now: () => NOW }); // a second scorer, spied from the start
    const installs = setFacts.mock.calls.length;
    s.set('note', 'hello'); // no rule or condition reads it
    s.set('email', 'a@acme.com'); // email class: business
    const afterEmail = setFacts.mock.calls.length;
    s.set('email', 'ab@acme.com'); // same class, same score
    expect(setFacts.mock.calls.length).toBe(afterEmail);
    expect(afterEmail).toBeGreaterThan(installs);
  });

  it('after "Not you?" the facts reader is installed again', () => {
    const s = open();
    s.set('email', 'ana@acme.com');
    s.set('size', '1000+');
    expect(steps(s)).toContain('meeting');
    s.notYou();
    expect(steps(s)).toEqual(['about', 'thanks']);
    s.set('email', 'bo@acme.com');
    s.set('size', '1000+');
    expect(steps(s)).toContain('meeting');
  });

  it('a form without scoring or fact conditions gets no score', () => {
    const plain = createForm({ ...form, scoring: undefined, steps: [form.steps[2]!] }, { deliver: async () => ({ ok: true }) });
    expect(plain.score?.value).toBeUndefined();
  });
});
