// Shared Chromium helpers for the browser tests (vitest project `browser`).
// One browser per test file (launch in beforeAll, close in afterAll); one context per test.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debugging (docs/testing.md): `CAIRN_HEADED=1` shows the browser (it needs a display: run the
 * test under `xvfb-run -a`, or on a desktop), `CAIRN_SLOWMO=<ms>` slows every action down.
 */
export function launchChromium(): Promise<Browser> {
  const headed = process.env.CAIRN_HEADED === '1';
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: !headed,
    slowMo: Number(process.env.CAIRN_SLOWMO ?? 0) || undefined,
    args: [
      ...(headed ? [] : ['--headless']),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** `CAIRN_TRACE=<dir>`: every context `openPage` makes records a Playwright trace, saved there when it closes. */
async function traceIfAsked(context: BrowserContext): Promise<void> {
  const dir = process.env.CAIRN_TRACE;
  if (!dir) return;
  await context.tracing.start({ screenshots: true, snapshots: true, sources: false });
  const close = context.close.bind(context);
  let n = 0;
  context.close = async (options) => {
    const file = `${dir}/trace-${process.pid}-${Date.now()}-${n++}.zip`;
    await context.tracing.stop({ path: file }).catch(() => {});
    console.log(`trace: ${file}`);
    return close(options);
  };
}

/** What a page did, for assertions and for the failure report. */
export interface Diagnostics {
  /** Every console message as `[type] text (url:line)`. */
  console: string[];
  /** Texts of console.error messages. */
  consoleErrors: string[];
  /** Uncaught exceptions Playwright saw (page 'pageerror'). */
  pageErrors: string[];
  /** Failed requests and HTTP error responses. */
  network: string[];
  /** Everything above, plus `extra()` lines, for printing when a test fails. */
  dump(): string;
}

/**
 * A fresh context and page that record console output, uncaught errors and network problems.
 * `extra` adds lines to the dump (e.g. a receiver's log).
 */
export async function openPage(
  browser: Browser,
  options: { extra?: () => string[]; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; diagnostics: Diagnostics }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  await traceIfAsked(context);
  const page = await context.newPage();
  const diagnostics: Diagnostics = {
    console: [],
    consoleErrors: [],
    pageErrors: [],
    network: [],
    dump() {
      const sections: [string, string[]][] = [
        ['page console', this.console],
        ['uncaught errors', this.pageErrors],
        ['network problems', this.network],
        ['more', options.extra?.() ?? []],
      ];
      return sections.map(([title, lines]) => `--- ${title} (${lines.length})\n${lines.join('\n')}`).join('\n');
    },
  };
  page.on('console', (message) => {
    const location = message.location();
    const where = location.url ? ` (${location.url}:${location.lineNumber})` : '';
    diagnostics.console.push(`[${message.type()}] ${message.text()}${where}`);
    if (message.type() === 'error') diagnostics.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => diagnostics.pageErrors.push(String(error.stack ?? error)));
  page.on('requestfailed', (request) =>
    diagnostics.network.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? '?'}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) diagnostics.network.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { context, page, diagnostics };
}

/**
 * Installs, before any page script runs, listeners that record what would reach the
 * host page as an uncaught error, an unhandled rejection or a CSP violation.
 * Read them with `readWatch(page)`.
 */
export async function watchPageErrors(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen = { errors: [] as string[], rejections: [] as string[], violations: [] as string[] };
    Object.defineProperty(window, '__watch', { value: seen, enumerable: false });
    window.addEventListener('error', (event) => seen.errors.push(`${event.message} @ ${event.filename}:${event.lineno}`));
    window.addEventListener('unhandledrejection', (event) => seen.rejections.push(String(event.reason?.stack ?? event.reason)));
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`),
      true,
    );
  });
}

export function readWatch(page: Page): Promise<{ errors: string[]; rejections: string[]; violations: string[] }> {
  return page.evaluate(() => (window as unknown as { __watch: { errors: string[]; rejections: string[]; violations: string[] } }).__watch);
}
