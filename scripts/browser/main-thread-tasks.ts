// The tasks a page's main thread ran, from a Chromium trace: each task's CPU (thread) time, so a
// task the shared machine merely paused does not count as long, with its wall time beside it.
// Used by the tests that promise "no long task" (packages/embed/test/first-keystroke.browser.test.ts,
// limits.browser.test.ts).
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

export interface MainThreadTask {
  /** CPU time, ms. */
  cpu: number;
  /** Wall time, ms. */
  wall: number;
  /** Start, ms after the `from` mark. */
  at: number;
  /** The five costliest kinds of event inside it (for a failure's log). */
  inside: string;
}

/** Recording categories: the timeline's tasks and the page's own performance marks. */
const CATEGORIES = ['disabled-by-default-devtools.timeline', 'blink.user_timing'];

/**
 * Runs `scenario` while tracing `page`; returns the page's main-thread tasks that started between
 * its performance marks `from` and `to` (both made by the page during the scenario), longest
 * (CPU) first. The page's main thread is the one its marks were made on: not every
 * `CrRendererMain` (Chromium runs renderers of its own — seen: a "WebUI Top Renderer" preloading
 * its UI ~1 s after launch, with a 110 ms task — that are not the page's).
 */
export async function mainThreadTasks(browser: Browser, page: Page, from: string, to: string, scenario: () => Promise<void>): Promise<MainThreadTask[]> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let trace: Buffer;
  try {
    await scenario();
  } finally {
    trace = await browser.stopTracing();
  }
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const start = events.find((e) => e.name === from);
  const end = events.find((e) => e.name === to);
  if (!start || !end) throw Error(`the trace has no performance mark '${!start ? from : to}'`);
  const thread = events.filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid);
  return thread
    .filter((e) => e.name === 'RunTask' && e.ts >= start.ts && e.ts < end.ts)
    .map((e) => ({ cpu: (e.tdur ?? e.dur ?? 0) / 1e3, wall: (e.dur ?? 0) / 1e3, at: (e.ts - start.ts) / 1e3, inside: inside(thread, e) }))
    .sort((a, b) => b.cpu - a.cpu);
}

/** What ran inside `task` (same thread, within its span): the five costliest kinds of event. */
function inside(thread: TraceEvent[], task: TraceEvent): string {
  const end = task.ts + (task.dur ?? 0);
  const byName = new Map<string, number>();
  for (const e of thread) {
    if (e === task || e.ts < task.ts || e.ts >= end) continue;
    const url = e.args?.data?.url;
    const name = url ? `${e.name} ${url.slice(url.lastIndexOf('/') + 1)}` : e.name;
    byName.set(name, (byName.get(name) ?? 0) + (e.dur ?? 0) / 1e3);
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
}

/** `12.3 ms CPU (15.0 ms wall) at +200 ms [what ran inside]`. */
export const describeTask = (x: MainThreadTask) => `${x.cpu.toFixed(1)} ms CPU (${x.wall.toFixed(1)} ms wall) at +${x.at.toFixed(0)} ms [${x.inside}]`;
