import { CairnForm, CairnProvider, type CairnFormProps } from '@cairn/react';
import { useCallback, useState } from 'react';
import { ChoiceCards } from './choice-cards.js';
import { ConsentBanner } from './consent-banner.js';
import { Link, useRoute, type Path } from './router.js';

/** Every `radio` field of every form renders as the app's own cards. */
const FIELDS: CairnFormProps['fields'] = { radio: ChoiceCards };

/** What the forms said, newest last: shown in the page so you can watch the events. */
function useEventLog() {
  const [lines, setLines] = useState<string[]>([]);
  const note = useCallback((line: string) => setLines((all) => [...all, line]), []);
  /** Event props for one form, each adding a line naming it. */
  const events = useCallback(
    (form: string): Partial<CairnFormProps> => ({
      onReady: () => note(`ready ${form}`),
      onStep: ({ index }) => note(`step ${form} ${index + 1}`),
      onSubmit: ({ payload }) => note(`submit ${form} (fit ${payload.score?.fit ?? '–'}, intent ${payload.score?.intent ?? '–'})`),
      onQueued: () => note(`queued ${form} (will retry)`),
      onDelivered: () => note(`delivered ${form}`),
      onError: ({ kind, message }) => note(`error ${form} ${kind}: ${message}`),
    }),
    [note],
  );
  return { lines, events };
}

function Home({ events }: { events: ReturnType<typeof useEventLog>['events'] }) {
  return (
    <>
      <section className="hero">
        <h1>Analytics your whole company can trust</h1>
        <p>Northwind puts governed metrics in every team's hands. See it with your own data.</p>
      </section>
      <div className="forms">
        <section aria-label="Book a demo">
          <CairnForm src="/forms/demo-request.json" fields={FIELDS} {...events('demo-request')} />
        </section>
        <section aria-label="Newsletter">
          <CairnForm src="/forms/newsletter.json" {...events('newsletter')} />
        </section>
      </div>
    </>
  );
}

function Pricing({ events }: { events: ReturnType<typeof useEventLog>['events'] }) {
  return (
    <>
      <section className="hero">
        <h1>Pricing</h1>
        <p>Team from $40 per analyst per month. Business and Enterprise: ask us for a quote.</p>
      </section>
      <section aria-label="Get a quote" className="forms single">
        <CairnForm src="/forms/pricing.json" fields={FIELDS} {...events('pricing')} />
      </section>
    </>
  );
}

/** The whole app: the same tree on the server (`url` of the request) and in the browser. */
export function App({ url }: { url: Path }) {
  const [path, navigate] = useRoute(url);
  const { lines, events } = useEventLog();
  return (
    <CairnProvider>
      <header className="site-header">
        <strong>Northwind</strong>
        <nav aria-label="Main">
          <Link to="/" navigate={navigate} current={path}>
            Home
          </Link>
          <Link to="/pricing" navigate={navigate} current={path}>
            Pricing
          </Link>
        </nav>
      </header>
      <main>{path === '/pricing' ? <Pricing events={events} /> : <Home events={events} />}</main>
      <aside className="event-log">
        <h2>Form events</h2>
        <ol aria-label="Form events">
          {lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      </aside>
      <ConsentBanner />
    </CairnProvider>
  );
}
