import { createForm, type FormConfig, type LeadPayload } from '../index.js';
import { describe, expect, it } from 'vitest';
import { attachPartial } from './partial.js';

const config = (partial: FormConfig['submit']['partial']): FormConfig => ({
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'company', type: 'text', label: 'Company' },
      ],
    },
    { id: 'more', fields: [{ id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'] }] },
  ],
  submit: { endpoint: '/leads', partial },
});

/** A clock the test moves by hand; timers fire when it passes them. */
function fakeClock() {
  let now = 0;
  let n = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout: (run: () => void, ms: number) => (timers.set(++n, { at: now + ms, run }), n),
    clearTimeout: (h: unknown) => void timers.delete(h as number),
    advance(ms: number) {
      now += ms;
      for (const [h, t] of [...timers]) if (t.at <= now) (timers.delete(h), t.run());
    },
    pending: () => timers.size,
  };
}

const THIRTY: FormConfig['submit']['partial'] = { afterSeconds: 30, fields: ['email'] };

function setup(partial: FormConfig['submit']['partial'], allowed = () => true) {
  let n = 0;
  const session = createForm(config(partial), {
    deliver: async () => ({ ok: true }),
    uuid: () => `lead-${++n}`,
    context: () => ({ page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' }),
  });
  const clock = fakeClock();
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { hidden: false });
  const sent: LeadPayload[] = [];
  const detach = attachPartial(session.config, session, (p) => sent.push(p), { ...clock, win, doc, allowed });
  const hide = () => {
    doc.hidden = true;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  return { session, clock, win, doc, sent, detach, hide };
}

describe('partial leads', () => {
  it('goes once, afterSeconds after the last change, when the listed fields are valid; marked partial', () => {
    const { session, clock, sent } = setup(THIRTY);
    session.set('email', 'ada@acme');
    clock.advance(60_000);
    expect(sent).toEqual([]); // not a valid email: nothing
    session.set('email', 'ada@acme.test');
    clock.advance(20_000);
    session.set('company', 'Acme'); // a later change restarts the quiet time
    clock.advance(29_000);
    expect(sent).toEqual([]);
    clock.advance(1_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ schema: 'cairn.lead/1', id: 'lead-1', partial: true, answers: { email: 'ada@acme.test', company: 'Acme' } });
    // once: more changes and more quiet send nothing more
    session.set('company', 'Acme Inc');
    clock.advance(120_000);
    expect(sent).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('goes when the visitor leaves (tab hidden, or pagehide), not before the fields are there', () => {
    const a = setup(THIRTY);
    a.hide();
    expect(a.sent).toEqual([]);
    a.doc.hidden = false;
    a.session.set('email', 'ada@acme.test');
    a.hide();
    expect(a.sent.map((p) => p.partial)).toEqual([true]);
    a.win.dispatchEvent(new Event('pagehide'));
    expect(a.sent).toHaveLength(1);

    const b = setup(THIRTY);
    b.session.set('email', 'bob@acme.test');
    b.win.dispatchEvent(new Event('pagehide'));
    expect(b.sent.map((p) => p.answers.email)).toEqual(['bob@acme.test']);
  });

  it('never after the full lead was submitted; the full lead is a separate lead without `partial`', async () => {
    const { session, clock, sent, win } = setup(THIRTY);
    session.set('email', 'ada@acme.test');
    session.next();
    const result = await session.submit();
    expect(result.ok && result.payload.partial).toBeUndefined();
    clock.advance(600_000);
    win.dispatchEvent(new Event('pagehide'));
    expect(sent).toEqual([]);
  });

  it('needs every listed field, each valid by its own rules', () => {
    const { session, clock, sent } = setup({ afterSeconds: 5, fields: ['email', 'company'] });
    session.set('email', 'ada@acme.test');
    clock.advance(10_000);
    expect(sent).toEqual([]);
    session.set('company', 'Acme');
    clock.advance(5_000);
    expect(sent).toHaveLength(1);
  });

  it('defaults to 60 seconds; nothing without the config, after consent is withdrawn, or once detached', () => {
    const d = setup({ fields: ['email'] });
    d.session.set('email', 'ada@acme.test');
    d.clock.advance(59_999);
    expect(d.sent).toEqual([]);
    d.clock.advance(1);
    expect(d.sent).toHaveLength(1);

    const off = setup(undefined);
    off.session.set('email', 'ada@acme.test');
    off.clock.advance(600_000);
    off.hide();
    expect(off.sent).toEqual([]);
    const none = setup({ afterSeconds: 1, fields: ['email'] }, () => false);
    none.session.set('email', 'ada@acme.test');
    none.clock.advance(1_000);
    none.hide();
    expect(none.sent).toEqual([]);

    const gone = setup({ afterSeconds: 1, fields: ['email'] });
    gone.session.set('email', 'ada@acme.test');
    gone.detach();
    gone.clock.advance(1_000);
    gone.hide();
    expect(gone.sent).toEqual([]);
  });

  it('teaches the profile nothing (consent rules apply to the full submission only)', () => {
    let learned = 0;
    const session = createForm(config({ afterSeconds: 1, fields: ['email'] }), { deliver: async () => ({ ok: true }), onLearn: () => learned++ });
    const clock = fakeClock();
    const sent: LeadPayload[] = [];
    attachPartial(session.config, session, (p) => sent.push(p), { ...clock, win: new EventTarget(), doc: Object.assign(new EventTarget(), { hidden: false }) });
    session.set('email', 'ada@acme.test');
    clock.advance(1_000);
    expect(sent).toHaveLength(1);
    expect(learned).toBe(0);
  });
});
