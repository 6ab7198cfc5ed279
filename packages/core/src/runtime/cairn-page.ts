/**
 * The page runtime: one object per page that owns everything a form does beyond its own fields —
 * the stored profile and consent, the behaviour tracker, the outbox and its flushing, partial
 * leads, analytics events and enrichment. `createForm` (npm), the framework wrappers and the
 * script tag all go through it, so every config key does the same thing everywhere.
 */
import { visitorContext } from '../behaviour/visitor-record.js';
import type { DeliveryEvent } from '../delivery/delivery-engine.js';
import { buildPayload } from '../payload/build-payload.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import { readPageContext } from '../payload/page-context.js';
import type { Profile } from '../profile/profile.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { Signals } from '../behaviour/signals.js';
import { needsLiveScore } from '../scoring/needs-live-score.js';
import type { DeliveryError, FormSession, SessionEvents, SessionOptions, SessionServices } from '../session/form-session.js';
import { attachAnalytics } from './analytics.js';
import { createBehaviourTracker, type BehaviourTracker } from './behaviour-tracker.js';
import { knownProfile, type HostProfile } from './known-profile.js';
import { createPageDelivery, type DeliveryListener, type DeliveryOptions, type EngineModule, type EnginePart, type PageDelivery } from './page-delivery.js';
import { createPageState, type PageState } from './page-state.js';
import { attachPartial } from './partial.js';
import { replayChange } from './replay-change.js';
import { createProfiles, type Profiles } from './profiles.js';
import { consentControl } from './consent-control.js';
import { frozenCopy, leadAfterHook } from '../payload/frozen-copy.js';

/**
 * Where the page keeps what it remembers. `indexeddb`: IndexedDB, falling back to memory (and
 * saying so: a `storage` error) where it fails. `memory`: nothing outlives the page. `auto`
 * (default): IndexedDB where the runtime has it, quietly memory where it has none (Node, SSR).
 */
export type PageStorage = 'indexeddb' | 'memory' | 'auto';

export interface CairnPageOptions {
  storage?: PageStorage;
  /** The page state a shell already holds (consent given before the runtime loaded). */
  state?: PageState;
}

/** What a form reports besides its session's events, by event name (the script tag passes its own `emit`). */
export interface FormNewsEvents {
  /** A lead that was queued arrived at last. */
  delivered: { payload: LeadPayload };
  /**
   * `storage`: IndexedDB failed, answers (or this `payload`) are kept in memory for this page only
   * (once per form, and per lead). `delivery`: a destination refused the lead (not retried), or the
   * browser refuses the page its requests to one (CORS: `error.retryable`, the lead kept and retried).
   */
  error: { kind: 'storage' | 'delivery'; message: string; error?: DeliveryError; payload?: LeadPayload };
}

export type FormNews = <E extends keyof FormNewsEvents>(event: E, detail: FormNewsEvents[E]) => void;

export interface FormLink extends DeliveryOptions {
  /** A separate profile on this origin (database `cairn-profile:<namespace>`). */
  namespace?: string;
  /** What the host page already knows about the visitor, by profile key (wins over the stored profile). */
  profile?: HostProfile;
  news?: FormNews;
  /** Every delivery event of this form's leads (the engine's own words). */
  onDelivery?: (event: DeliveryEvent) => void;
  /** The visitor's behaviour, instead of the page's tracker (conditions, scoring, `context.signals`). */
  signals?: () => Signals | undefined;
  /** Clock for the live score, injectable for tests. */
  now?: () => Date;
  /** Told what each submission taught the profile (after the page stored or held it). */
  onLearn?: (entries: Profile) => void;
}

export interface ConnectOptions extends FormLink {
  /**
   * The stored profile the session was planned from, and the problem reading it met (if any).
   * Absent: the page reads it now (never creating anything) and re-plans the session with it.
   */
  read?: Profile;
  problem?: unknown;
  /**
   * With `read` absent: the form is already shown (its own read of the profile was too slow), so
   * when the profile lands it only shortens the view (`updateProfile` without `initial`): fields
   * on screen are prefilled, not taken away.
   */
  shown?: boolean;
  /** The last answer the visitor gave before this connect (a shell that connects late): counted as the form's start. */
  answered?: SessionEvents['change'];
  /**
   * The element the form is rendered in (the script tag's): the delivery engine is loaded when
   * the visitor's focus first enters it, or at their first answer, so a page nobody fills in
   * never downloads it. Without it (`createForm`), the engine is loaded now: an app's own chunk,
   * there even if the visitor goes offline before touching the form.
   */
  host?: Element;
}

export interface PageMountOptions extends Omit<SessionOptions, 'profile'>, FormLink {}

/** The page runtime without `mount`: for a shell that creates its sessions itself (the script tag, whose first bundle does). */
export interface PageRuntime {
  readonly state: PageState;
  /** The services a session of `form` needs from the page (for shells that create the session themselves). */
  services(
    form: FormConfig,
    link?: FormLink,
  ): SessionServices & {
    onLearn(entries: Profile): void;
    /**
     * Loads what a built lead needs (the engine part: delivery, score, `after`); a shell whose
     * runtime loads it on demand awaits it before a lead is built (the script tag's `ready`).
     */
    prepare(): Promise<void>;
  };
  /** Connect a session made with `services` to the page; returns what disconnects it. */
  connect(form: FormConfig, session: FormSession, options?: ConnectOptions): () => void;
  /** This page: the outbox flushed (leads earlier pages left) and its view tracked. */
  start(): Promise<void>;
  /** The visitor's consent to storing their answers and behaviour. Never rejects. */
  consent(granted: boolean): Promise<void>;
  /** Erase every Cairn profile and behaviour record of this origin, and leads that will never be sent. Never rejects. */
  forget(): Promise<void>;
  /** What is stored about the visitor (default profile, or a namespace's). Never rejects. */
  profile(namespace?: string): Promise<Profile>;
  /** One occurrence of event `name` for the behaviour signals (`{ "signal": "name.count" }`). `props` are not stored. */
  track(name: string, props?: unknown): void;
}

export interface CairnPage extends PageRuntime {
  /** A form session with the whole product: remembered answers, consent, behaviour, scoring, durable delivery, partial leads, analytics. */
  mount(form: FormConfig, options?: PageMountOptions): FormSession;
}

const useIndexedDb = (storage: PageStorage) => storage == 'indexeddb' || (storage == 'auto' && typeof indexedDB != 'undefined');

/**
 * The runtime of a page without `mount` (so without the session engine: the script tag's later
 * chunk, whose first bundle already carries it). `createCairnPage` is this plus `mount`.
 */
export function createPageRuntime(options: CairnPageOptions, engine: EnginePart): PageRuntime {
  const state = options.state ?? createPageState();
  const persistent = useIndexedDb(options.storage ?? 'auto');
  const profiles: Profiles = createProfiles(state, persistent);
  const behaviour: BehaviourTracker = createBehaviourTracker(state, persistent);
  const delivery = createPageDelivery(state, persistent, engine);
  const inBrowser = () => !!globalThis.document && typeof addEventListener == 'function';

  const services: PageRuntime['services'] = (form, link = {}) => ({
    deliver: (payload, config) => delivery.deliver(payload, config, link, newsOf(link)),
    context: readPageContext,
    // the visitor's signals and attribution, and the provisional score: `scoreLead` of the payload itself
    payload: (input) => {
      // Nothing is tracked without a page (Node, a server render): no behaviour in the lead then.
      const visitor = inBrowser() ? visitorContext(behaviour.record()) : undefined;
      const signals = link.signals ? link.signals() : visitor?.signals;
      const payload = buildPayload({ ...input, context: { ...input.context, ...visitor, ...(signals && { signals }) } });
      // (the engine part is loaded before a lead is built: `prepare`; a partial lead built before it goes without a score)
      return delivery.lead()?.withLeadScore(form, payload) ?? payload;
    },
    after: (payload) => delivery.lead()?.afterFor(form, payload),
    lead: leadAfterHook,
    copy: frozenCopy,
    prepare: () => delivery.ready().then(() => {}),
    onLearn: (entries) => {
      void profiles.learn(link.namespace ?? '', form, entries);
      link.onLearn?.(entries);
    },
  });

  const connect: PageRuntime['connect'] = (form, session, o = {}) => {
    const ns = o.namespace ?? '';
    const signals = o.signals ?? (() => behaviour.record().signals);
    // Planned before the stored profile was read (createForm): its first arrival may re-plan the view afresh.
    let initial = !o.read && !o.shown;
    const offs: (() => void)[] = [];
    let tracked: Promise<void> | undefined;
    if (inBrowser()) {
      const heard = replayChange(session, o.answered);
      offs.push(
        profiles.attach(form, session, {
          namespace: ns,
          // absent (createForm): read now, and re-planned with when it lands
          read: o.read,
          problem: o.problem,
          storageError: (message) => o.news?.('error', { kind: 'storage', message }),
          refresh: (stored) => {
            session.updateProfile(knownProfile(state, form, stored, o.profile), { initial });
            initial = false;
          },
          consent: (granted) => void consent(granted),
        }),
        attachAnalytics(form, heard),
        attachPartial(form, heard, (payload) => void delivery.deliverPartial(payload, form, o), {
          allowed: () => state.consent !== false, // consent withdrawn on this page: nothing more leaves
          win: delivery.leaving, // heard from the delivery engine, right before its last-chance requests
        }),
        () => behaviour.unwatch(heard),
      );
      // leads earlier pages left are sent now, the engine loaded when a lead may come (`expectLead`);
      // behaviour is tracked (never waited for: a lead is never held back)
      delivery.wake();
      offs.push(expectLead(heard, o.host, delivery.start));
      tracked = behaviour.start(form, heard);
    }
    // once the stored behaviour is read (answers may come first: the script tag connects late), the score sees it
    const live = (part: EngineModule) => part.scoreLive(session, { signals, now: o.now && (() => o.now!().getTime()), ready: tracked });
    offs.push(scoreWhenLoaded(form, delivery, live));
    // "Not you?": the stored profile goes too.
    offs.push(session.on('notYou', () => void profiles.clear(ns)));
    return () => offs.forEach((off) => off());
  };

  const { consent, forget } = consentControl(state, inBrowser(), {
    consent: (granted) => profiles.consent(granted),
    store: () => behaviour.store(),
    forget: async () => {
      await profiles.forget();
      await behaviour.forget();
      await delivery.dropDeadLetters();
    },
  });

  const page: PageRuntime = {
    state,
    services,
    connect,
    start: () => (delivery.wake(), behaviour.start()),
    consent,
    forget,
    profile: (namespace) => profiles.profile(namespace).catch(() => ({})),
    track: (name) => behaviour.track(name),
  };
  return page;
}

/** How a form hears of its lead after the visitor's part: as its `news`. */
const newsOf = (link: FormLink): DeliveryListener => ({
  delivered: (payload) => link.news?.('delivered', { payload }),
  refused: (error, payload) => link.news?.('error', { kind: 'delivery', message: error.message, error, payload }),
  blocked: (error, payload) => link.news?.('error', { kind: 'delivery', message: error.message, error, payload }),
  storage: (message, payload) => link.news?.('error', { kind: 'storage', message, payload }),
  event: link.onDelivery,
});

/**
 * Live scoring (`live`) for a form that needs it (`needsLiveScore`): at once when the engine part
 * is loaded, else once it is (it is loaded now for such a form). Returns what stops it.
 */
function scoreWhenLoaded(form: FormConfig, delivery: PageDelivery, live: (part: EngineModule) => () => void): () => void {
  const part = delivery.lead();
  if (part) return live(part);
  if (!needsLiveScore(form)) return () => {};
  let stop: (() => void) | undefined;
  let gone = false;
  delivery.ready().then((loaded) => gone || (stop = live(loaded)), () => {});
  return () => ((gone = true), stop?.());
}

/**
 * Calls `start` once: when focus first enters `host` (or is in it already), or at the first
 * answer; without `host`, now. Returns what stops waiting.
 */
function expectLead(session: FormSession, host: Element | undefined, start: () => void): () => void {
  let started = false;
  const once = () => started || ((started = true), start());
  if (!host) return (once(), () => {});
  const off = session.on('change', once);
  host.addEventListener('focusin', once, { once: true });
  // (a shadow host matches `:focus-within` while focus is in its shadow root)
  if (host.matches(':focus-within')) once();
  return () => (off(), host.removeEventListener('focusin', once));
}
