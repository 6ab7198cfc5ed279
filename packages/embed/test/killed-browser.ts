// The pieces of a kill-after-the-click scenario (delivery-kill and npm-page browser tests): a
// killer process that SIGKILLs a browser's process group at a planned moment, and Chromium started
// by hand on a profile directory (so a relaunch finds what the killed one left), over CDP.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from '../../../scripts/browser/chromium.js';

/** Epoch ms with sub-ms precision: the clock the page, the killer and the test share. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * The killer: a process of its own that is told `<pid> <epoch ms>` on stdin, sleeps until then,
 * SIGKILLs that process group and prints when it did. Nearly idle until the moment, it is on time
 * on a busy machine far more often than this process (vitest, Playwright, two servers), which in
 * load runs killed 17–550 ms late. Started before the plan is made: starting Node takes a while.
 */
const KILLER = `
  const epoch = () => performance.timeOrigin + performance.now();
  process.stdin.once('data', (line) => {
    const [pid, at] = String(line).trim().split(' ').map(Number);
    setTimeout(() => {
      // the last 15 ms spun, not slept: waking from a sleep took 5–10 ms on a busy machine
      while (epoch() < at);
      const killedAt = epoch();
      try { process.kill(-pid, 'SIGKILL'); } catch {}
      process.stdout.write(killedAt + '\\n', () => process.exit(0));
    }, Math.max(0, at - epoch() - 15));
  });
  process.stdout.write('ready\\n');
`;

/** Starts the killer; resolves once it listens. `killAt` tells it when, and resolves when it killed. */
export async function startKiller() {
  const child = spawn(process.execPath, ['-e', KILLER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (what: string) => {
    const line = await lines.next();
    if (line.done) throw Error(`the killer exited before it ${what}`);
    return line.value;
  };
  await next('was ready');
  return {
    /** SIGKILL to `pid`'s process group at `at` (epoch ms); resolves when, by the killer's clock. */
    async killAt(pid: number, at: number): Promise<number> {
      child.stdin!.write(`${pid} ${at}\n`);
      return Number(await next('killed'));
    },
    stop: () => void (child.exitCode === null && child.kill()),
  };
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Launched {
  process: ChildProcess;
  browser: Browser;
  /** Everything Chromium wrote to stderr (for the failure report). */
  stderr: string[];
}

/** Starts Chromium in its own process group on `profile`, and connects to it over CDP. */
export async function launch(profile: string): Promise<Launched> {
  const child = spawn(CHROMIUM_PATH, [...FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true, // its own process group: one kill reaches the renderer and every helper process too
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  const wsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(Error(`no DevTools URL within 15 s:\n${stderr.join('')}`)), 15_000);
    let buffered = '';
    // keep reading stderr for the browser's whole life: a full pipe would block it
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stderr.length < 200) stderr.push(text);
      buffered += text;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        buffered = '';
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(Error(`Chromium exited (${code ?? signal}) before it listened:\n${stderr.join('')}`));
    });
  });
  try {
    return { process: child, browser: await chromium.connectOverCDP(wsUrl), stderr };
  } catch (error) {
    await killGroup(child);
    throw error;
  }
}

/** SIGKILL to the whole process group; resolves once the main process is gone. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
}
