import { defaultPage, type CairnPage } from '@cairn/core';
import { inject, type App, type InjectionKey } from 'vue';

const PAGE: InjectionKey<CairnPage | undefined> = Symbol('cairn page');

/**
 * `app.use(cairn, { page })`: the page runtime the forms of this app use (profile, consent,
 * behaviour signals, the outbox). Optional: without it, forms use this page's default one
 * (`defaultPage()`, which `createForm` uses too).
 */
export const cairn = {
  install(app: App, options: { page?: CairnPage } = {}) {
    app.provide(PAGE, options.page);
  },
};

/** The page runtime, resolved only when used: never during a server render (creating it reads browser storage). */
export function usePage(): () => CairnPage {
  const page = inject(PAGE, undefined);
  return () => page ?? defaultPage();
}

/** What a consent banner or a "what we remember" panel needs: `consent`, `forget`, `profile`, `track` of the page runtime. */
export function useCairnPage(): Pick<CairnPage, 'consent' | 'forget' | 'profile' | 'track'> {
  const page = usePage();
  return {
    consent: (granted) => page().consent(granted),
    forget: () => page().forget(),
    profile: (namespace) => page().profile(namespace),
    track: (name, props) => page().track(name, props),
  };
}
