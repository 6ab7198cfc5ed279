// Issue 14: the live score must be the score of the lead that would be sent now. It kept the
// points of a field that another, unscored answer had just hidden (intent stayed 15; the payload
// was re-scored to 0), and score-gated steps and the after-submit view followed the stale value.
// Property: after any sequence of answers, `session.score` equals `scoreLead` of the payload
// `buildPayload()` builds at that moment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../schema/parse-form.js';
import { createForm } from '../session/create-form.js';
import { createCairnPage } from '../runtime/create-cairn-page.js';
import { scoreLead } from './score-lead.js';

const NOW = Date.UTC(2026, 3, 1, 12);

const parsed = parseForm({
  id: 'live',
  version: 1,
  steps: [
    {
      id: 'one',
      fields: [
        { id: 'gate', type: 'select', label: 'Gate', options: ['show', 'hide'] },
        { id: 'topic', type: 'radio', label: 'Topic', options: ['x', 'y'] },
        { id: 'plan', type: 'select', label: 'Plan', options: ['a', 'b'], when: { field: 'gate', equals: 'show' } },
        { id: 'extra', type: 'number', label: 'Extra', when: { all: [{ field: 'topic', equals: 'x' }, { not: { field: 'gate', equals: 'hide' } }] } },
        { id: 'note', type: 'text', label: 'Note' },
      ],
    },
    {
      id: 'two',
      when: { field: 'topic', equals: 'y' },
      fields: [{ id: 'seats', type: 'number', label: 'Seats' }],
    },
  ],
  submit: { endpoint: '/leads' },
  scoring: {
    fit: [
      { id: 'seats', when: { field: 'seats', gte: 10 }, points: 30, reason: 'Ten seats or more' },
      { id: 'extra', when: { field: 'extra', gt: 5 }, points: 25, reason: 'Extra above 5' },
    ],
    intent: [
      { id: 'plan-a', when: { field: 'plan', equals: 'a' }, points: 15, reason: 'Plan A' },
      { id: 'note', when: { field: 'note', exists: true }, points: 5, reason: 'Left a note' },
    ],
    stages: { mql: { fit: 25, intent: 15 } },
  },
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const form = parsed.form;

const answer = fc.oneof(
  fc.record({ id: fc.constant('gate'), value: fc.constantFrom('show', 'hide', undefined) }),
  fc.record({ id: fc.constant('topic'), value: fc.constantFrom('x', 'y', undefined) }),
  fc.record({ id: fc.constant('plan'), value: fc.constantFrom('a', 'b', undefined) }),
  fc.record({ id: fc.constantFrom('extra', 'seats'), value: fc.constantFrom(3, 8, 12, undefined) }),
  fc.record({ id: fc.constant('note'), value: fc.constantFrom('hi', undefined) }),
);

describe('the live score is the score of the lead that would be sent now', () => {
  it('after each of 500 random answer sequences (up to 30 answers), whatever they show or hide', () => {
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 30 }), (answers) => {
        const page = createCairnPage({ storage: 'memory' });
        const s = page.mount(form, { now: () => new Date(NOW), deliver: async () => ({ ok: true }) });
        try {
          answers.forEach(({ id, value }, n) => {
            s.set(id, value);
            expect(s.score!.value, `after ${JSON.stringify(answers.slice(0, n + 1))}`).toEqual(scoreLead(form, s.buildPayload()));
          });
        } finally {
          s.destroy();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the case that was wrong: an unscored answer hides a scored one', () => {
    const s = createForm(form, { now: () => new Date(NOW), deliver: async () => ({ ok: true }) });
    s.set('gate', 'show');
    s.set('plan', 'a');
    expect(s.score!.value!.intent).toBe(15);
    s.set('gate', 'hide'); // plan is hidden: its answer is not sent, its points go
    expect(s.score!.value!.intent).toBe(0);
    expect(s.score!.value).toEqual(scoreLead(form, s.buildPayload()));
  });
});
