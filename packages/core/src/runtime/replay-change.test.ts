import { describe, expect, it } from 'vitest';
import { createSession } from '../session/create-session.js';
import type { FormSession } from '../session/form-session.js';
import { replayChange } from './replay-change.js';
import { frozenCopy, leadAfterHook } from '../payload/frozen-copy.js';

const session = (): FormSession =>
  createSession(
    { id: 'f', version: 1, steps: [{ id: 's', fields: [{ id: 'email', type: 'email' }, { id: 'name', type: 'text' }] }], submit: { endpoint: 'https://x.test/lead' } },
    { urlParams: {}, cookies: {} },
    { deliver: async () => ({ ok: true }), lead: leadAfterHook, copy: frozenCopy, context: () => ({}) as never, payload: () => ({}) as never },
  );

describe('replayChange', () => {
  it('each change listener hears the earlier answer once, after its setup, then the live ones', async () => {
    const s = session();
    const heard = replayChange(s, { field: 'email', value: 'ada@acme.test' });
    const log: string[] = [];
    heard.on('change', ({ field }) => log.push(`a:${field}`));
    log.push('setup done');
    heard.on('step', () => log.push('step'));
    await Promise.resolve();
    s.set('name', 'Ada');
    expect(log).toEqual(['setup done', 'a:email', 'a:name']);
    // the rest of the session is the session's own
    expect(heard.values.value).toEqual(s.values.value);
  });

  it('a listener that stopped before the replay hears nothing', async () => {
    const heard = replayChange(session(), { field: 'email', value: 'x' });
    const log: string[] = [];
    heard.on('change', ({ field }) => log.push(field))();
    await Promise.resolve();
    expect(log).toEqual([]);
  });

  it('without an earlier answer it is the session itself', () => {
    const s = session();
    expect(replayChange(s)).toBe(s);
  });
});
