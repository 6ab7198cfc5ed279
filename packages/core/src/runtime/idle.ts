/**
 * Runs `then` when the page is next idle (`requestIdleCallback`, at most `timeoutMs` later), or
 * after a short timeout where there is no such thing: for work that must not sit in the task of
 * something the visitor waits for (the first field, the first keystroke).
 */
export const onIdle = (then: () => void, timeoutMs = 2e3): void =>
  void ('requestIdleCallback' in globalThis ? requestIdleCallback(then, { timeout: timeoutMs }) : setTimeout(then, 50));
