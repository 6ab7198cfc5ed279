/** @jsxRuntime automatic @jsxImportSource react */
import { defaultPage, type CairnPage } from '@cairn/core';
import { createContext, useContext, useMemo, type ReactNode } from 'react';

const PageContext = createContext<CairnPage | undefined>(undefined);

/**
 * The page runtime the forms below use (profile, consent, behaviour signals, the outbox): `page`,
 * or this page's default one (`defaultPage()`, which `createForm` uses too). Optional: without a
 * provider, forms use the default page.
 */
export function CairnProvider({ page, children }: { page?: CairnPage; children?: ReactNode }) {
  return <PageContext.Provider value={page}>{children}</PageContext.Provider>;
}

/**
 * The page runtime, resolved only when used: never during a server render (creating it reads
 * browser storage), so components calling this render the same on the server and the client.
 */
export function usePage(): () => CairnPage {
  const page = useContext(PageContext);
  return useMemo(() => () => page ?? defaultPage(), [page]);
}

/** What a consent banner or a "what we remember" panel needs: `consent`, `forget`, `profile`, `track` of the page runtime. */
export function useCairnPage(): Pick<CairnPage, 'consent' | 'forget' | 'profile' | 'track'> {
  const page = usePage();
  return useMemo(
    () => ({
      consent: (granted) => page().consent(granted),
      forget: () => page().forget(),
      profile: (namespace) => page().profile(namespace),
      track: (name, props) => page().track(name, props),
    }),
    [page],
  );
}
