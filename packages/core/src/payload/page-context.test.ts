import { afterEach, describe, expect, it } from 'vitest';
import { parseUtm, readPageContext } from './page-context.js';

describe('parseUtm', () => {
  it('reads the five utm parameters, with or without the leading ?', () => {
    const all = 'utm_source=google&utm_medium=cpc&utm_campaign=spring%20launch&utm_term=crm&utm_content=ad-2';
    const expected = { source: 'google', medium: 'cpc', campaign: 'spring launch', term: 'crm', content: 'ad-2' };
    expect(parseUtm(`?${all}`)).toEqual(expected);
    expect(parseUtm(all)).toEqual(expected);
  });

  it('trims, drops empty values and unknown keys, and caps length at 200', () => {
    const long = 'x'.repeat(500);
    expect(parseUtm(`?utm_source=+news+&utm_medium=&utm_campaign=${long}&utm_id=7&gclid=abc`)).toEqual({
      source: 'news',
      campaign: 'x'.repeat(200),
    });
    expect(parseUtm('')).toEqual({});
  });

  it('keeps the first of repeated parameters', () => {
    expect(parseUtm('?utm_source=a&utm_source=b')).toEqual({ source: 'a' });
  });
});

describe('readPageContext (browser)', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  it('reads the page, its utm parameters, locale and time zone', () => {
    history.replaceState(null, '', '/pricing?utm_source=newsletter&plan=pro');
    const ctx = readPageContext();
    expect(ctx.page).toBe(new URL('/pricing?utm_source=newsletter&plan=pro', original).href);
    expect(ctx.utm).toEqual({ source: 'newsletter' });
    expect(ctx.referrer).toBe(document.referrer);
    expect(ctx.locale).toBe(navigator.language);
    expect(ctx.timezone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
