import { chunkUrl } from './chunk-import.js';
import type { CairnErrorEvent } from './events.js';

/**
 * Why the chunk at `url` cannot be imported, when that is certain: a deploy mistake that
 * retrying will not fix (the file missing, served as something other than JavaScript, or refused
 * by CORS to this page). '' when it may well load next time (offline, a hiccup).
 */
const chunkProblem = (url: string): Promise<string> =>
  fetch(url).then(
    (response, type = response.headers.get('content-type')) =>
      !response.ok
        ? `it answered HTTP ${response.status} (not deployed there?)`
        : /script/.test(type!)
          ? ''
          : `it is served as ${type || 'no content type'}: serve it as text/javascript`,
    // Unreadable here but reachable: the server does not let this page read it (CORS).
    () => fetch(url, { mode: 'no-cors' }).then(() => `its server refuses it to this page (CORS): answer it with Access-Control-Allow-Origin: *`, () => ''),
  );

/** The `load` error for a chunk that did not load, naming the file, the reason and the fix; none when the reason is not certain. */
export async function deployMistake(file: string): Promise<CairnErrorEvent | undefined> {
  const url = chunkUrl(file);
  const why = await chunkProblem(url);
  if (why) return { kind: 'load', url, message: `Cairn could not load ${url}: ${why}. Deploy every cairn-*.js file beside cairn.js, or say where they are with data-cairn-base.` };
}
