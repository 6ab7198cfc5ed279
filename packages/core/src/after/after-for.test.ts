import { describe, expect, it } from 'vitest';
import type { FormConfig } from '../schema/form-schema.js';
import { afterFor } from './after-for.js';

const form = (after: FormConfig['after']): FormConfig => ({
  id: 'demo',
  version: 1,
  steps: [{ id: 's', fields: [{ id: 'email', type: 'email' }, { id: 'size', type: 'select', options: ['1-49', '1000+'] }] }],
  submit: { endpoint: '/leads' },
  scoring: { fit: [{ id: 'big', when: { field: 'size', equals: '1000+' }, points: 60, reason: 'Large company' }], stages: { mql: { fit: 50 } } },
  after,
});

describe('afterFor', () => {
  const rules: FormConfig['after'] = [
    { when: { score: 'stage', equals: 'mql' }, title: 'Let us talk', booking: { url: 'https://cal.example/acme', params: { email: 'email' } } },
    { title: 'Thanks!' },
  ];

  it('qualified by the score: the booking rule, its link carrying the answers', () => {
    expect(afterFor(form(rules), { answers: { email: 'ada@big.test', size: '1000+' }, submittedAt: '2026-01-01T00:00:00Z' })).toEqual({
      title: 'Let us talk',
      booking: 'https://cal.example/acme?email=ada%40big.test',
    });
  });

  it('an answer with a lone surrogate (issue 14: encodeURIComponent threw, the submit failed after delivery) goes in as U+FFFD', () => {
    const answers = { email: 'ada\uD800@big.test', size: '1000+' };
    expect(afterFor(form(rules), { answers })?.booking).toBe('https://cal.example/acme?email=ada%EF%BF%BD%40big.test');
    // a whole pair is left as it is
    expect(afterFor(form(rules), { answers: { ...answers, email: 'ada\uD83D\uDE00@big.test' } })?.booking).toBe('https://cal.example/acme?email=ada%F0%9F%98%80%40big.test');
    expect(afterFor(form(rules), { answers: { ...answers, email: '\uDC00x' } })?.booking).toBe('https://cal.example/acme?email=%EF%BF%BDx');
  });

  it('not qualified: the next rule that holds', () => {
    expect(afterFor(form(rules), { answers: { email: 'bo@small.test', size: '1-49' } })).toEqual({ title: 'Thanks!' });
  });

  it('a single object is the one rule; no after, nothing', () => {
    expect(afterFor(form({ message: 'See you soon', redirect: 'https://example.test/thanks' }), {})).toEqual({ message: 'See you soon', redirect: 'https://example.test/thanks' });
    expect(afterFor(form(undefined), {})).toBeUndefined();
  });
});
