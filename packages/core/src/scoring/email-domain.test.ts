import { describe, expect, test } from 'vitest';
import { classifyEmail, registrableDomain } from './email-domain.js';

describe('classifyEmail', () => {
  test.each<[unknown, unknown]>([
    // business, with the company's domain
    ['ann@acme.com', { class: 'business', domain: 'acme.com', companyDomain: 'acme.com' }],
    ['Ann@Mail.ACME.co.uk', { class: 'business', domain: 'mail.acme.co.uk', companyDomain: 'acme.co.uk' }],
    ['x@eu.corp.example.com.au', { class: 'business', domain: 'eu.corp.example.com.au', companyDomain: 'example.com.au' }],
    ['x@acme.io', { class: 'business', domain: 'acme.io', companyDomain: 'acme.io' }],
    ['x@acme.co', { class: 'business', domain: 'acme.co', companyDomain: 'acme.co' }],
    ['  x@acme.com.  ', { class: 'business', domain: 'acme.com', companyDomain: 'acme.com' }],
    // free mail: listed domains and brands in any country
    ['x@gmail.com', { class: 'free', domain: 'gmail.com' }],
    ['x@outlook.com', { class: 'free', domain: 'outlook.com' }],
    ['x@hotmail.co.uk', { class: 'free', domain: 'hotmail.co.uk' }],
    ['x@yahoo.fr', { class: 'free', domain: 'yahoo.fr' }],
    ['x@icloud.com', { class: 'free', domain: 'icloud.com' }],
    ['x@proton.me', { class: 'free', domain: 'proton.me' }],
    ['x@gmx.de', { class: 'free', domain: 'gmx.de' }],
    ['x@web.de', { class: 'free', domain: 'web.de' }],
    ['x@mail.ru', { class: 'free', domain: 'mail.ru' }],
    ['x@yandex.ru', { class: 'free', domain: 'yandex.ru' }],
    ['x@qq.com', { class: 'free', domain: 'qq.com' }],
    ['x@163.com', { class: 'free', domain: '163.com' }],
    ['x@aol.com', { class: 'free', domain: 'aol.com' }],
    // disposable
    ['x@mailinator.com', { class: 'disposable', domain: 'mailinator.com' }],
    ['x@guerrillamail.com', { class: 'disposable', domain: 'guerrillamail.com' }],
    ['x@10minutemail.com', { class: 'disposable', domain: '10minutemail.com' }],
    ['x@temp-mail.org', { class: 'disposable', domain: 'temp-mail.org' }],
    ['x@yopmail.com', { class: 'disposable', domain: 'yopmail.com' }],
    ['x@trashmail.com', { class: 'disposable', domain: 'trashmail.com' }],
    // education
    ['x@mit.edu', { class: 'education', domain: 'mit.edu' }],
    ['x@cs.ox.ac.uk', { class: 'education', domain: 'cs.ox.ac.uk' }],
    ['x@student.unimelb.edu.au', { class: 'education', domain: 'student.unimelb.edu.au' }],
    ['x@u-tokyo.ac.jp', { class: 'education', domain: 'u-tokyo.ac.jp' }],
    ['x@student.uni-example.de', { class: 'education', domain: 'student.uni-example.de' }],
    ['x@students.example.org', { class: 'education', domain: 'students.example.org' }],
    // invalid, absent
    ['not an address', { class: 'invalid' }],
    ['@acme.com', { class: 'invalid' }],
    ['ann@', { class: 'invalid' }],
    ['ann@localhost', { class: 'invalid' }],
    ['ann@acme.c', { class: 'invalid' }],
    ['ann@-acme.com', { class: 'invalid' }],
    ['a b@acme.com', { class: 'invalid' }],
    ['', undefined],
    ['   ', undefined],
    [undefined, undefined],
    [5, undefined],
  ])('%j', (address, want) => {
    expect(classifyEmail(address)).toEqual(want);
  });

  test('competitors (config) win over every list, subdomains too, not look-alikes', () => {
    const rivals = ['rival.com', ' Other.CO.uk '];
    expect(classifyEmail('x@rival.com', rivals)).toEqual({ class: 'competitor', domain: 'rival.com' });
    expect(classifyEmail('x@eu.rival.com', rivals)).toEqual({ class: 'competitor', domain: 'eu.rival.com' });
    expect(classifyEmail('x@other.co.uk', rivals)?.class).toBe('competitor');
    expect(classifyEmail('x@notrival.com', rivals)?.class).toBe('business');
    expect(classifyEmail('x@gmail.com', ['gmail.com'])?.class).toBe('competitor');
  });
});

test('registrableDomain: a small public-suffix heuristic', () => {
  expect(registrableDomain('a.b.acme.com')).toBe('acme.com');
  expect(registrableDomain('mail.acme.co.uk')).toBe('acme.co.uk');
  expect(registrableDomain('acme.co.uk')).toBe('acme.co.uk');
  expect(registrableDomain('shop.acme.com.br')).toBe('acme.com.br');
  expect(registrableDomain('mail.acme.de')).toBe('acme.de');
  expect(registrableDomain('acme.com')).toBe('acme.com');
});
