import type { PageState } from './page-state.js';

/** What consent and forget act on: the profiles' consent, the behaviour record's storing, and erasing everything. */
export interface ConsentParts {
  consent(granted: boolean): Promise<void>;
  store(): Promise<void>;
  forget(): Promise<void>;
}

type TabMessage = { consent?: boolean; forget?: true };

/**
 * The page's `consent` and `forget`. Each reaches this site's other open tabs (a
 * BroadcastChannel), which apply it without passing it on: a tab never writes what another
 * withdrew or erased (from a stale copy in its memory). Never rejects: a failure is a warning.
 */
export function consentControl(state: PageState, inBrowser: boolean, parts: ConsentParts) {
  const forgetHere = async () => {
    try {
      await parts.forget();
    } catch (error) {
      state.warn(`forget: ${(error as Error)?.message ?? error}`);
    }
  };
  const consentHere = async (granted: boolean) => {
    try {
      await parts.consent(granted);
      if (granted) await parts.store();
      else await forgetHere();
    } catch (error) {
      state.warn(`consent: ${(error as Error)?.message ?? error}`);
    }
  };
  const tabs = inBrowser && typeof BroadcastChannel == 'function' ? new BroadcastChannel('cairn-page') : undefined;
  const tell = (message: TabMessage) => {
    try {
      tabs?.postMessage(message);
    } catch {
      // a closed channel (the page is going away): this tab still applies it
    }
  };
  // One after the other: a withdrawal right after a grant (a box ticked and unticked) erases what
  // the grant wrote, never before it is written.
  let queue: Promise<void> = Promise.resolve();
  const inTurn = (run: () => Promise<void>): Promise<void> => (queue = queue.then(run));
  if (tabs) tabs.onmessage = ({ data }: MessageEvent<TabMessage>) => void inTurn(() => (data?.forget ? forgetHere() : typeof data?.consent == 'boolean' ? consentHere(data.consent) : Promise.resolve()));
  return {
    // known at once (a form asking right after sees it), applied in turn
    consent: (granted: boolean): Promise<void> => ((state.consent = granted), tell({ consent: granted }), inTurn(() => consentHere(granted))),
    forget: (): Promise<void> => (tell({ forget: true }), inTurn(forgetHere)),
  };
}
