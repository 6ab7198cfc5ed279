import type { EmailClass } from '../schema/constants.js';
import { DISPOSABLE_DOMAINS, FREE_BRANDS, FREE_DOMAINS, SECOND_LEVEL } from './email-domains.js';

/**
 * What an email address says about a lead: its domain's class and, for a
 * business address, the company's domain. Read by `{ "email": … }` conditions.
 */
export interface EmailFacts {
  /** `business`, `free`, `disposable`, `education`, `competitor`, or `invalid` (not an address). */
  class: EmailClass;
  /** Everything after the @, lower-cased (absent when invalid). */
  domain?: string;
  /** Business addresses: the registrable domain, `mail.acme.co.uk` → `acme.co.uk`. */
  companyDomain?: string;
}

const set = (words: string) => new Set(words.split(' '));
let lists: { free: Set<string>; brands: Set<string>; disposable: Set<string>; second: Set<string> } | undefined;
// built on first use: nothing happens at import time
const data = () =>
  (lists ??= { free: set(FREE_DOMAINS), brands: set(FREE_BRANDS), disposable: set(DISPOSABLE_DOMAINS), second: set(SECOND_LEVEL) });

/** One label: letters, digits and inner hyphens (punycode `xn--` too). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The registrable domain by a small public-suffix heuristic: the last two labels,
 * or three under a two-level suffix (`<co|com|org|ac…>.<country>`: `acme.co.uk`).
 */
export const registrableDomain = (domain: string): string => {
  const labels = domain.split('.');
  const n = labels.length;
  const twoLevel = n > 2 && labels[n - 1]!.length == 2 && data().second.has(labels[n - 2]!);
  return labels.slice(twoLevel ? -3 : -2).join('.');
};

const isEducation = (labels: string[]): boolean => {
  const n = labels.length;
  const tld = labels[n - 1]!;
  const sld = labels[n - 2];
  return (
    tld == 'edu' ||
    // uni.ac.uk, ox.ac.jp, unimelb.edu.au, k12 schools
    (n > 2 && tld.length == 2 && (sld == 'ac' || sld == 'edu' || sld == 'sch')) ||
    labels.includes('k12') ||
    // student.uni-example.de, students.example.org
    (n > 2 && /^(students?|stud|alumni)$/.test(labels[0]!))
  );
};

/** `domain` is `competitor` or a subdomain of it. */
const under = (domain: string, competitor: string) => domain == competitor || domain.endsWith('.' + competitor);

/**
 * Classifies an address. `competitors` (config `scoring.competitors`) win over every
 * list; then disposable, free, education; the rest is business. `undefined` for no
 * address at all (`undefined`, or blank).
 */
export const classifyEmail = (address: unknown, competitors: readonly string[] = []): EmailFacts | undefined => {
  if (typeof address != 'string' || !address.trim()) return undefined;
  const at = address.trim().lastIndexOf('@');
  const local = address.trim().slice(0, at);
  const domain = address.trim().slice(at + 1).toLowerCase().replace(/\.$/, '');
  const labels = domain.split('.');
  if (at < 1 || /[\s@]/.test(local) || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !/^([a-z]{2,}|xn--[a-z0-9-]+)$/.test(labels[labels.length - 1]!)) {
    return { class: 'invalid' };
  }
  const { free, brands, disposable } = data();
  const base = registrableDomain(domain);
  const kind: EmailClass = competitors.some((c) => under(domain, c.trim().toLowerCase()))
    ? 'competitor'
    : disposable.has(domain) || disposable.has(base)
      ? 'disposable'
      : free.has(domain) || brands.has(base.split('.')[0]!)
        ? 'free'
        : isEducation(labels)
          ? 'education'
          : 'business';
  return kind == 'business' ? { class: kind, domain, companyDomain: base } : { class: kind, domain };
};
