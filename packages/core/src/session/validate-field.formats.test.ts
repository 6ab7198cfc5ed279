import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { EMAIL, isWebAddress, validateFieldValue } from './validate-field.js';

/**
 * The email and web-address rules are written by hand so the session never
 * loads zod; they must accept exactly what the zod checks they replace
 * accepted. Tests may import zod; the session may not (zod-free.test.ts).
 */
const zodEmail = z.email();
const zodUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });
const email = (s: string) => validateFieldValue({ id: 'e', type: 'email' }, s) === undefined;
const url = (s: string) => validateFieldValue({ id: 'u', type: 'url' }, s) === undefined;

describe('email', () => {
  it.each([
    ['ada@example.com', true],
    ["o'brien+tag@mail.example.co.uk", true],
    ['first.last@example.io', true],
    ['ADA@EXAMPLE.COM', true],
    ['a@b.co', true],
    ['.ada@example.com', false], // leading dot
    ['ada.@example.com', false], // trailing dot
    ['ada..lovelace@example.com', false], // double dot
    ['ada@-example.com', false], // label starts with '-'
    ['ada@example.c', false], // one-letter TLD
    ['ada@localhost', false],
    ['ada@[127.0.0.1]', false],
    ['ada@example.com.', false],
    ['ada lovelace@example.com', false],
    ['ada@exa_mple.com', false],
    ['ådå@example.com', false], // ASCII only, like zod's default
    ['ada@@example.com', false],
  ])('%s → %s, as zod', (s, ok) => {
    expect(email(s)).toBe(ok);
    expect(zodEmail.safeParse(s).success).toBe(ok);
  });

  it('agrees with z.email() on random addresses', () => {
    const part = fc.string({ unit: fc.constantFrom(...'ab.-_+\'@1Z é'.split('')), maxLength: 10 });
    fc.assert(
      fc.property(fc.tuple(part, fc.constantFrom('@', '@@', ''), part, fc.constantFrom('.com', '.c', '', '.co.uk', '-.de')), (parts) => {
        const s = parts.join('');
        expect(EMAIL.test(s)).toBe(zodEmail.safeParse(s).success);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('web address', () => {
  it.each([
    ['https://example.com', true],
    ['HTTPS://EXAMPLE.COM/Path', true],
    ['http://www.example.co.uk/about?x=1#top', true],
    ['https://user:pw@example.com:8443/x', true],
    ['https://linkedin.com/in/ada-lovelace', true],
    ['https://xn--bcher-kva.example', true], // punycode
    ['https://bücher.example', true], // the URL parser turns it into punycode, as with zod
    ['http:example.com', false], // no '//': not silently fixed
    ['https:/example.com', false],
    ['//example.com', false],
    ['example.com', false],
    ['ftp://example.com', false],
    ['javascript:alert(1)', false],
    ['https://localhost:3000', false], // not a domain name
    ['https://127.0.0.1', false],
    ['https://[::1]/', false],
    ['https://example', false],
    ['https://exa mple.com', false],
    ['https://', false],
    ['https://-example.com', false],
  ])('%s → %s, as zod', (s, ok) => {
    expect(url(s)).toBe(ok);
    expect(zodUrl.safeParse(s).success).toBe(ok);
  });

  it('agrees with the zod check on random addresses', () => {
    const host = fc.string({ unit: fc.constantFrom(...'ab-.1ü_ :@[]'.split('')), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.constantFrom('https://', 'http://', 'HTTP://', 'https:', 'ftp://', 'https:///', ''),
        host,
        fc.constantFrom('.com', '.io', '.c', '', '.123'),
        fc.constantFrom('', '/', '/a?b=1', ':8080', '#x', ' x'),
        (...parts) => {
          const s = parts.join('');
          expect(isWebAddress(s), s).toBe(zodUrl.safeParse(s).success);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is checked trimmed, like every text value', () => {
    expect(url('  https://example.com  ')).toBe(true);
    expect(email('\tada@example.com\n')).toBe(true);
  });
});
