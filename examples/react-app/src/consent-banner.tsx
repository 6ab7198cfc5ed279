import { useCairnPage } from '@cairn/react';
import { useEffect, useState } from 'react';

/** Where this app keeps the visitor's choice (its own, not Cairn's: Cairn uses no localStorage). */
const KEY = 'northwind-remember';
type Choice = 'yes' | 'no';

/**
 * "May we remember your answers?" wired to Cairn's consent: yes → `consent(true)` (answers are
 * stored, later forms skip what is known); no → `consent(false)` (what was stored is erased and
 * nothing is stored on this page), said again on every page load while the choice holds. Shown
 * only in the browser, after hydration: the server cannot know the choice.
 */
export function ConsentBanner() {
  const { consent } = useCairnPage();
  const [choice, setChoice] = useState<Choice | null | undefined>(undefined);

  useEffect(() => {
    const stored = localStorage.getItem(KEY) as Choice | null;
    setChoice(stored);
    if (stored === 'no') void consent(false);
  }, [consent]);

  if (choice !== null) return null;
  const choose = (answer: Choice) => {
    localStorage.setItem(KEY, answer);
    setChoice(answer);
    void consent(answer === 'yes');
  };
  return (
    <div className="consent-banner" role="region" aria-label="Remembering your answers">
      <p>May Northwind remember what you tell our forms on this device, so you never type it twice?</p>
      <button type="button" onClick={() => choose('yes')}>
        Yes, remember me
      </button>
      <button type="button" onClick={() => choose('no')}>
        No thanks
      </button>
    </div>
  );
}
