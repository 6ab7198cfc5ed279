import { createForm, type DeliveryResult, type FormConfig } from '../index.js';
import { describe, expect, it, vi } from 'vitest';
import { attachAnalytics, type AnalyticsWindow } from './analytics.js';

const form = (analytics: FormConfig['analytics']): FormConfig => ({
  id: 'demo',
  version: 3,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'phone', type: 'tel', label: 'Phone' },
      ],
    },
    { id: 'company', fields: [{ id: 'size', type: 'select', label: 'Size', options: ['1-49', '1000+'] }] },
  ],
  submit: { endpoint: '/leads' },
  analytics,
});

/** A session over `config`, delivering with `outcome`; the page's data layer and Segment as plain objects. */
function setup(analytics: FormConfig['analytics'], outcome: DeliveryResult = { ok: true, status: 200 }, segment = true) {
  let n = 0;
  const session = createForm(form(analytics), {
    deliver: async () => outcome,
    uuid: () => `lead-${++n}`,
    context: () => ({ page: 'https://acme.test/', referrer: '', utm: {}, locale: 'en', timezone: 'UTC' }),
  });
  const track = vi.fn();
  const identify = vi.fn();
  const win: AnalyticsWindow = segment ? { analytics: { track, identify } } : {};
  const doc = new EventTarget();
  const detach = attachAnalytics(session.config, session, win, doc);
  const fill = () => {
    session.set('email', 'ada@acme.test');
    session.set('phone', '+44 20 7946 0000');
    session.next();
    session.set('size', '1000+');
  };
  return { session, win, track, identify, doc, detach, fill };
}

describe('analytics events', () => {
  it('pushes exactly these objects to window.dataLayer through a whole visit, and only allowed answers', async () => {
    const { session, win, fill } = setup({ dataLayer: true, fields: ['size'] }, undefined, false);
    fill();
    fill(); // a second round of answers starts nothing again
    await session.submit();
    expect(win.dataLayer).toEqual([
      { event: 'cairn_view', cairn: { form: 'demo', version: 3, step: 'contact' } },
      { event: 'cairn_start', cairn: { form: 'demo', version: 3, step: 'contact' } },
      { event: 'cairn_step', cairn: { form: 'demo', version: 3, step: 'company' } },
      { event: 'cairn_submit', cairn: { size: '1000+', form: 'demo', version: 3, leadId: 'lead-1' } },
      { event: 'cairn_delivered', cairn: { size: '1000+', form: 'demo', version: 3, leadId: 'lead-1' } },
    ]);
    // the email and the phone number never reach the data layer
    expect(JSON.stringify(win.dataLayer)).not.toMatch(/ada@acme|7946/);
  });

  it('keeps an existing data layer (GTM loaded first) and appends to it', () => {
    const { session } = setup({ dataLayer: true }, undefined, false);
    const win: AnalyticsWindow = { dataLayer: [{ 'gtm.start': 1 }] };
    attachAnalytics(session.config, session, win, new EventTarget());
    expect(win.dataLayer).toEqual([{ 'gtm.start': 1 }, { event: 'cairn_view', cairn: { form: 'demo', version: 3, step: 'contact' } }]);
  });

  it("calls Segment's track for every event and identify on submit with the allowed answers only", async () => {
    const { session, track, identify, win, fill } = setup({ segment: true, fields: ['email'] });
    fill();
    await session.submit();
    expect(track.mock.calls).toEqual([
      ['cairn_view', { form: 'demo', version: 3, step: 'contact' }],
      // allowed answers go with every event once given: the first answer is the email itself
      ['cairn_start', { email: 'ada@acme.test', form: 'demo', version: 3, step: 'contact' }],
      ['cairn_step', { email: 'ada@acme.test', form: 'demo', version: 3, step: 'company' }],
      ['cairn_submit', { email: 'ada@acme.test', form: 'demo', version: 3, leadId: 'lead-1' }],
      ['cairn_delivered', { email: 'ada@acme.test', form: 'demo', version: 3, leadId: 'lead-1' }],
    ]);
    expect(identify.mock.calls).toEqual([[{ email: 'ada@acme.test' }]]);
    expect(JSON.stringify([track.mock.calls, identify.mock.calls])).not.toMatch(/7946|1000\+/);
    expect(win.dataLayer).toBeUndefined(); // dataLayer not asked for
  });

  it('identifies no one when no allowed field has a value', async () => {
    const { session, identify, track, fill } = setup({ segment: true, fields: ['nickname'] });
    fill();
    await session.submit();
    expect(track).toHaveBeenCalledTimes(5);
    expect(identify).not.toHaveBeenCalled();
  });

  it('a queued lead is reported delivered when the `cairn:delivered` event of its form comes, once', async () => {
    const queued: DeliveryResult = { ok: true, queued: true, error: { message: 'offline', retryable: true } };
    const { session, win, doc, fill } = setup({ dataLayer: true }, queued, false);
    fill();
    const result = await session.submit();
    const events = () => (win.dataLayer as { event: string }[]).map((e) => e.event);
    expect(events().at(-1)).toBe('cairn_submit');
    // another form's lead, then this one's, twice
    doc.dispatchEvent(new CustomEvent('cairn:delivered', { detail: { payload: { id: 'someone-else' } } }));
    doc.dispatchEvent(new CustomEvent('cairn:delivered', { detail: null }));
    const payload = result.ok ? result.payload : undefined;
    doc.dispatchEvent(new CustomEvent('cairn:delivered', { detail: { payload } }));
    doc.dispatchEvent(new CustomEvent('cairn:delivered', { detail: { payload } }));
    expect(events().filter((e) => e == 'cairn_delivered')).toEqual(['cairn_delivered']);
  });

  it('is off unless asked: no data layer, no Segment call', async () => {
    for (const analytics of [undefined, {}, { fields: ['email'] }, { dataLayer: false, segment: false }]) {
      const { session, win, track, fill } = setup(analytics);
      fill();
      await session.submit();
      expect(win.dataLayer).toBeUndefined();
      expect(track).not.toHaveBeenCalled();
    }
  });

  it('a broken data layer or analytics.js never breaks the form; detach stops the events', async () => {
    const { session } = setup({ dataLayer: true, segment: true });
    const win: AnalyticsWindow = {
      dataLayer: { push: () => { throw new Error('gtm bug'); } } as unknown as unknown[],
      analytics: { track: () => { throw new Error('segment bug'); } },
    };
    const detach = attachAnalytics(session.config, session, win, new EventTarget());
    expect(() => session.set('email', 'a@b.test')).not.toThrow();
    detach();
    const ok = setup({ dataLayer: true }, undefined, false);
    ok.detach();
    ok.fill();
    expect(ok.win.dataLayer).toHaveLength(1); // the view, before detach
  });
});
