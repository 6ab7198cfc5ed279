// For the page runtime's unit tests (happy-dom): every test a page of its own. Before each test a
// fresh fake IndexedDB (no databases); after it, the listeners the runtime put on `document` and
// `window` and the BroadcastChannels it opened are taken away, so a runtime of an earlier test
// neither answers this test's `pagehide` or `visibilitychange` nor re-reads (and so creates) a
// database of this test's IndexedDB when a store broadcasts a change.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, vi } from 'vitest';

type Listening = [EventTarget, string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined];

/** Call at the top of a test file. */
export function pagePerTest(): void {
  const listening: Listening[] = [];
  const channels: BroadcastChannel[] = [];
  const Native = globalThis.BroadcastChannel;
  // A store that writes after its test (a background write) must not throw on a closed channel.
  class Tracked extends Native {
    #closed = false;
    constructor(name: string) {
      super(name);
      channels.push(this);
    }
    override postMessage(message: unknown): void {
      if (!this.#closed) super.postMessage(message);
    }
    override close(): void {
      this.#closed = true;
      super.close();
    }
  }
  const originals = new Map<EventTarget, EventTarget['addEventListener']>();

  beforeEach(() => {
    for (const target of [document, window] as EventTarget[]) {
      const add = target.addEventListener;
      originals.set(target, add);
      target.addEventListener = function (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
        if (listener) listening.push([target, type, listener, options]);
        add.call(target, type, listener, options);
      };
    }
    vi.stubGlobal('indexedDB', new IDBFactory());
    vi.stubGlobal('BroadcastChannel', Tracked);
  });

  afterEach(async () => {
    // what the test left running in the background (a write, a read) ends in its own IndexedDB
    await new Promise((r) => setTimeout(r, 20));
    for (const [target, type, listener, options] of listening.splice(0)) target.removeEventListener(type, listener, options);
    for (const [target, add] of originals) target.addEventListener = add;
    originals.clear();
    for (const channel of channels.splice(0)) channel.close();
    vi.unstubAllGlobals();
  });
}

/** Resolves once `check` holds (checked every 5 ms, for at most 5 s): for what the runtime does in the background. The assertion after it says what did not happen. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (const end = Date.now() + 5e3; !(await check()) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
}

/** The names of the databases of this test's IndexedDB, sorted. */
export const databases = async (): Promise<string[]> => (await indexedDB.databases()).map((d) => d.name!).sort();
