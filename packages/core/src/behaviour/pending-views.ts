import type { PageView } from './visitor-record.js';

/**
 * Page views a tab's earlier pages could not record themselves: a visitor who moves on before the
 * page runtime has stored the view (it starts at idle time, up to 2 s after a form shows) would
 * otherwise not count it — 8 views were counted as 5 at 300 ms a page. cairn.js keeps such a
 * view at `pagehide` in this tab's sessionStorage (only where its forms may store: consent), and
 * the next page's runtime records them before its own.
 */
export const PENDING_VIEWS_KEY = 'cairn-pending-views';

/** Keeps `view` for the next page's runtime. Never throws (no sessionStorage: the view is lost, as before). */
export function keepPendingView(view: PageView): void {
  try {
    sessionStorage.setItem(PENDING_VIEWS_KEY, (sessionStorage.getItem(PENDING_VIEWS_KEY) ?? '') + JSON.stringify(view) + '\n');
  } catch {
    /* storage off or full: as before, the view is not counted */
  }
}

/** The views earlier pages of this tab kept, oldest first; they are removed. Never throws. */
export function takePendingViews(): PageView[] {
  try {
    const text = sessionStorage.getItem(PENDING_VIEWS_KEY);
    if (text === null) return [];
    sessionStorage.removeItem(PENDING_VIEWS_KEY);
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as PageView)
      .filter((v) => typeof v?.url == 'string' && typeof v.referrer == 'string' && Number.isFinite(v.at));
  } catch {
    return [];
  }
}
