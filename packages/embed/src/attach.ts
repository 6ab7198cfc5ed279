/**
 * Everything a mounted form starts once cairn-later.js has loaded and its config passed: the
 * profile store (profiles.ts), then the opt-in integrations — analytics events (`analytics`)
 * and partial leads (`submit.partial`). One function, so cairn.js makes one call for all of it.
 */
import type { FormConfig, FormSession, Profile } from '@cairn/core';
import { attachAnalytics } from './analytics.js';
import { deliverPartial, leaving, type DeliveryOptions } from './delivery.js';
import { attachPartial } from './partial.js';
import type { ProfilePage } from './profile-read.js';
import { attach as attachProfile } from './profiles.js';
import { unwatch } from './signals.js';

export function attach(
  page: ProfilePage,
  ns: string,
  form: FormConfig,
  read: Profile,
  problem: unknown,
  session: FormSession,
  storageError: (message: string) => void,
  refresh: (profile: Profile) => void,
  options?: DeliveryOptions,
): () => void {
  const offs = [
    attachProfile(page, ns, form, read, problem, session, storageError, refresh),
    attachAnalytics(form, session),
    attachPartial(form, session, (payload) => void deliverPartial(page, payload, form, options), {
      // Cairn.consent(false) on this page: nothing more leaves
      allowed: () => page.consent !== false,
      // heard from the delivery engine, right before its last-chance requests
      win: leaving,
    }),
  ];
  // the behaviour watch that startPage (signals.ts) puts on the session goes with the form
  offs.push(() => unwatch(session));
  return () => offs.forEach((off) => off());
}
