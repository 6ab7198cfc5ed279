import { describe, expect, it } from 'vitest';
import type { FormConfig } from '../schema/form-schema.js';
import { needsLiveScore } from './needs-live-score.js';

const form = (extra: Partial<FormConfig> = {}, when?: object): FormConfig =>
  ({
    id: 'f',
    version: 1,
    steps: [{ id: 's', fields: [{ id: 'email', type: 'email', label: 'Email' }, { id: 'seats', type: 'number', label: 'Seats', ...(when && { when }) }] }],
    submit: { endpoint: '/leads' },
    ...extra,
  }) as FormConfig;

describe('needsLiveScore: whether a form loads the scoring part at once (the script tag)', () => {
  it('a form without scoring whose conditions read only answers: no', () => {
    expect(needsLiveScore(form())).toBe(false);
    expect(needsLiveScore(form({}, { field: 'email', exists: true }))).toBe(false);
  });

  it('a form with `scoring`: yes', () => {
    expect(needsLiveScore(form({ scoring: { fit: [{ id: 'big', when: { field: 'seats', gte: 50 }, points: 10 }] } } as Partial<FormConfig>))).toBe(true);
  });

  it.each([
    ['score', { score: 'stage', equals: 'mql' }],
    ['email', { email: 'class', equals: 'business' }],
    ['profile', { profile: 'company', exists: true }],
    ['signal', { signal: 'pricing.views', gte: 2 }],
  ])('a condition reading a `%s` fact: yes', (_kind, when) => {
    expect(needsLiveScore(form({}, when))).toBe(true);
  });
});
