import type { Utm } from '../model/values.js';
import { parseUtm } from '../payload/parse-utm.js';
import { matchPath } from './match-path.js';
import { recordPageView, type PageGroups } from './record.js';
import { RESERVED_SIGNAL_NAMES, signalName } from './signal-key.js';
import { MAX_GROUPS, type Signals } from './signals.js';
import { toSignals } from './to-signals.js';

/**
 * Everything the script tag remembers about a visitor's behaviour, in one stored record
 * (IndexedDB database `cairn-signals`): the roll-ups, the page groups the site's forms
 * declared (so a page without a form still counts `pricing.views`), and multi-touch
 * attribution. Bounded: the roll-ups cap themselves, groups at `MAX_GROUPS`, touchpoints at
 * `MAX_TOUCHPOINTS`, every string is cut. Pure functions: each returns a new record.
 */
export interface VisitorRecord {
  signals: Signals;
  /** Page group → path glob, from every `signals.pages` seen on this origin. */
  pages: Record<string, string>;
  /** The visit that started the record (whatever its source; a direct visit has no `utm`/`referrer`). */
  firstTouch?: Touch;
  /** The latest touchpoint, else the first touch. */
  lastTouch?: Touch;
  /** Visits that came from a campaign (UTM parameters) or another site, oldest first, the last `MAX_TOUCHPOINTS`. */
  touchpoints: Touch[];
}

/** Where a visit came from. */
export interface Touch {
  /** Epoch ms of its first page view. */
  at: number;
  utm: Utm;
  /** `document.referrer` ('' for none), at most `MAX_URL` characters. */
  referrer: string;
  /** The landing page: origin and path, no query or hash (they may hold personal data). */
  landing: string;
}

export const MAX_TOUCHPOINTS = 10;
export const MAX_URL = 300;
const MAX_GLOB = 200;

export const emptyVisitorRecord = (): VisitorRecord => ({ signals: toSignals(undefined), pages: {}, touchpoints: [] });

/** A page view: what a visit's first view came from, when it came from somewhere. */
export interface PageView {
  /** The page's URL (`location.href`). */
  url: string;
  /** `document.referrer`. */
  referrer: string;
  at: number;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/** The touch of a page view: its UTM parameters, referrer and landing page. */
export const touchOf = ({ url, referrer, at }: PageView): Touch => {
  let landing = '';
  let search = '';
  try {
    const u = new URL(url);
    landing = u.origin + u.pathname;
    search = u.search;
  } catch {
    // not a URL: no landing page, no UTM
  }
  return { at, utm: parseUtm(search), referrer: String(referrer ?? '').slice(0, MAX_URL), landing: landing.slice(0, MAX_URL) };
};

/** A campaign's UTM parameters, or a referrer on another host: a touch worth keeping. */
const sourced = (t: Touch): boolean => Object.keys(t.utm).length > 0 || (t.referrer != '' && hostOf(t.referrer) != hostOf(t.landing));

const sameSource = (a: Touch | undefined, b: Touch): boolean =>
  !!a && JSON.stringify(a.utm) == JSON.stringify(b.utm) && hostOf(a.referrer) == hostOf(b.referrer);

/**
 * A page view: counted (total, visits, page groups known to the record) and, when it starts a
 * visit or brings a new source, attributed: the first view of the record is `firstTouch`; a
 * view from a campaign or another site that starts a visit, or comes from another source than
 * the last touchpoint (a second ad within a visit), is a touchpoint and the `lastTouch`.
 */
export const recordVisit = (record: VisitorRecord, view: PageView): VisitorRecord => {
  const touch = touchOf(view);
  // the landing page without its origin: the path
  const path = touch.landing.replace(/^[^/]*\/\/[^/]*/, '');
  const before = record.signals.visits.n;
  const signals = recordPageView(record.signals, { path, at: view.at }, record.pages);
  if (signals === record.signals) return record;
  const next: VisitorRecord = { ...record, signals };
  next.firstTouch ??= touch;
  const last = record.touchpoints[record.touchpoints.length - 1];
  if (sourced(touch) && (signals.visits.n > before || !sameSource(last, touch))) {
    next.touchpoints = [...record.touchpoints, touch].slice(-MAX_TOUCHPOINTS);
  }
  next.lastTouch = next.touchpoints[next.touchpoints.length - 1] ?? next.firstTouch;
  return next;
};

/**
 * Page groups a form declared (`signals.pages`), added to the record. A group the record did
 * not know yet counts the page being viewed now (`current`), if it matches: the view was
 * recorded before the form's config arrived. Past `MAX_GROUPS` groups, new ones are ignored.
 */
export const addPageGroups = (
  record: VisitorRecord,
  pages: PageGroups | undefined,
  current?: { path: string; at: number } | readonly { path: string; at: number }[],
): VisitorRecord => {
  let next = record;
  const views = current ? [current].flat() : [];
  for (const raw of Object.keys(pages ?? {})) {
    const name = signalName(raw);
    const glob = pages![raw]!;
    if (!name || RESERVED_SIGNAL_NAMES.includes(name) || typeof glob != 'string' || glob.length > MAX_GLOB) continue;
    if (next.pages[name] === glob || (!Object.hasOwn(next.pages, name) && Object.keys(next.pages).length >= MAX_GROUPS)) continue;
    const known = Object.hasOwn(next.pages, name);
    next = { ...next, pages: { ...next.pages, [name]: glob } };
    if (known) continue;
    for (const view of views)
      if (matchPath(glob, view.path.replace(/[?#].*/s, ''))) {
        // only the group: the view itself (total, visit) was counted when it happened
        const credited = recordPageView(next.signals, view, { [name]: glob });
        next = { ...next, signals: { ...next.signals, groups: credited.groups } };
      }
  }
  return next;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);

const toTouch = (v: unknown): Touch | undefined => {
  if (!isObject(v) || typeof v.at != 'number' || !Number.isFinite(v.at)) return undefined;
  const str = (x: unknown) => (typeof x == 'string' ? x.slice(0, MAX_URL) : '');
  const utm: Record<string, string> = {};
  if (isObject(v.utm)) for (const k of ['source', 'medium', 'campaign', 'term', 'content']) if (typeof v.utm[k] == 'string') utm[k] = (v.utm[k] as string).slice(0, 200);
  return { at: v.at, utm, referrer: str(v.referrer), landing: str(v.landing) };
};

/** A well-formed, bounded record from whatever storage held; never throws. */
export const toVisitorRecord = (value: unknown): VisitorRecord => {
  if (!isObject(value)) return emptyVisitorRecord();
  const record: VisitorRecord = {
    signals: toSignals(value.signals),
    pages: {},
    touchpoints: Array.isArray(value.touchpoints) ? value.touchpoints.flatMap((t) => toTouch(t) ?? []).slice(-MAX_TOUCHPOINTS) : [],
  };
  const withPages = addPageGroups(record, isObject(value.pages) ? (value.pages as PageGroups) : undefined);
  const first = toTouch(value.firstTouch);
  const last = toTouch(value.lastTouch);
  if (first) withPages.firstTouch = first;
  if (last) withPages.lastTouch = last;
  return withPages;
};

/** What a lead carries of the record: `context.signals`, `visits` and the attribution (an absent touch: `undefined`, not in the JSON). */
export const visitorContext = ({ signals, firstTouch, lastTouch, touchpoints }: VisitorRecord) => ({
  signals,
  visits: signals.visits.n,
  firstTouch,
  lastTouch,
  touchpoints,
});
