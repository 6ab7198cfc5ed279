/**
 * `<div id="demo" data-cairn-form="/forms/demo.json">`: enough for a developer to find the
 * element in the page source. (The element itself is also passed to console.error.)
 */
export function describe(element: Element): string {
  try {
    let text = `<${element.localName}`;
    for (const name of ['id', 'data-cairn-form', 'src']) {
      const value = element.getAttribute(name);
      if (value !== null) text += value ? ` ${name}="${value}"` : ` ${name}`;
    }
    return `${text}>`;
  } catch {
    return 'an element';
  }
}

/**
 * A bug in Cairn or in a host listener: say so on the console, never throw into the page.
 * Listener errors are the host's own code; they are logged, not rethrown, so one bad
 * listener cannot break the form or the other listeners.
 */
export function reportInternal(error: unknown, where: string): void {
  try {
    console.error(`Cairn: error in ${where}:`, error);
  } catch {
    // console itself replaced by something that throws: nothing more we can do.
  }
}

/** Run `fn`; whatever it throws is logged, never passed to the page. */
export function guard(fn: () => unknown, where: string): void {
  try {
    fn();
  } catch (error) {
    reportInternal(error, where);
  }
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
