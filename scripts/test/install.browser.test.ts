// The packages as a new user gets them (#12, "Done when" 1): every public package is packed with
// pnpm (`pnpm pack`, as the release does), and a scratch Vite app OUTSIDE the workspace (a
// temporary directory; scripts/pack-app/ is its source) installs the tarballs with npm, pnpm or
// yarn, type-checks against the packed types (tsc), builds with Vite, and in Chromium submits a
// lead from each of its pages — createForm (@cairn/core) + mountForm (@cairn/preact),
// `import '@cairn/embed'`, @cairn/react's and @cairn/vue's <CairnForm> — to a receiver on the
// page's origin. @cairn/preact is installed with preact 10 and with preact 11 (its peer range).
//
// What each variant shares with the others is only each package manager's own download cache
// (registry packages by integrity; our tarballs are keyed by their content too): every variant
// has its own directory, package.json and node_modules.
//
// The registry has no @cairn/* packages, so @cairn/preact's and @cairn/embed's own dependency on
// `@cairn/core@<version>` must be pointed at the tarball: npm does that by itself (the top-level
// @cairn/core satisfies the range), pnpm needs `overrides` (pnpm-workspace.yaml) and yarn
// `resolutions` (package.json). A user installing from the registry needs neither.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { cleanEnv, ensurePackagesBuilt, exec, packPackages, pnpmCommand, publicPackages, ROOT } from '../check/packages.mjs';
import { launchChromium, openPage, readWatch, watchPageErrors } from '../browser/chromium.js';
import { createLeadReceiver, type LeadReceiver } from '../browser/fault-server.js';
import { EMBED_PATHS, startTestServer, type Route } from '../browser/servers.js';

const FIXTURE = path.join(ROOT, 'scripts', 'pack-app');
const ROOT_MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The scratch app's own tools: the ranges the repo itself uses. */
const APP_DEV_DEPENDENCIES = {
  vite: ROOT_MANIFEST.devDependencies.vite as string,
  typescript: ROOT_MANIFEST.devDependencies.typescript as string,
  '@types/react': readManifest('react').devDependencies['@types/react'] as string,
  '@types/react-dom': readManifest('react').devDependencies['@types/react-dom'] as string,
};
/** The frameworks the wrapper pages use, as their users install them beside the wrappers. */
const FRAMEWORKS = [`react@${readManifest('react').devDependencies.react}`, `react-dom@${readManifest('react').devDependencies['react-dom']}`, `vue@${readManifest('vue').devDependencies.vue}`];
const PREACT = { 10: '^10.25.0', 11: '^11.0.0' } as const;
function readManifest(dir: string) {
  return JSON.parse(readFileSync(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
}
/** One install may download Vite and TypeScript on a cold cache; npm once looped for 12 minutes placing packages (#12). */
const INSTALL_MS = 300_000;

type Manager = 'npm' | 'pnpm' | 'yarn';

let work: string;
let tarballs: Record<string, string>;
let browser: Browser;

beforeAll(async () => {
  await ensurePackagesBuilt({ log: console.log });
  work = mkdtempSync(path.join(tmpdir(), 'cairn-install-'));
  const dest = path.join(work, 'tarballs');
  mkdirSync(dest);
  tarballs = await packPackages(dest);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The command each package manager runs (`npx` for pnpm and yarn: nothing but Node and npm is installed). */
function managerCommand(manager: Manager): string[] {
  if (manager === 'npm') return ['npm'];
  if (manager === 'pnpm') return pnpmCommand();
  return ['npx', '--yes', 'yarn@1'];
}

/** One scratch app: its directory, what was run in it, and how far it got. */
class ScratchApp {
  readonly log: string[] = [];
  installed = false;
  built = false;

  constructor(
    readonly manager: Manager,
    readonly preact: keyof typeof PREACT,
  ) {}

  /** Under the test's temporary directory (made in beforeAll, after the tests are collected). */
  get dir(): string {
    return path.join(work, `app-${this.manager}-preact${this.preact}`);
  }

  /** Runs a command in the app (outside the repo: none of npm test's npm_* settings, no NODE_ENV); fails with its output. */
  async run(cmd: string[], timeoutMs = 180_000) {
    // Their temporary files (yarn leaves `yarn--*` folders behind) go in the test's folder, removed with it.
    const temp = path.join(work, 'tmp');
    mkdirSync(temp, { recursive: true });
    const result = await exec(cmd[0]!, cmd.slice(1), { cwd: this.dir, env: cleanEnv({ TMPDIR: temp }), timeoutMs });
    this.log.push(`$ ${result.command} → ${result.status ?? result.signal} in ${(result.ms / 1000).toFixed(1)} s`);
    if (result.status !== 0) throw new Error(`${result.command} (in ${this.dir}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  /** The app before Cairn: its pages and sources, Vite and TypeScript; then the user's one install command with the tarballs. */
  async install(): Promise<void> {
    cpSync(FIXTURE, this.dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
    const manifest: Record<string, unknown> = {
      name: `scratch-${this.manager}-preact${this.preact}`,
      private: true,
      type: 'module',
      scripts: { build: 'vite build', typecheck: 'tsc -p .' },
      devDependencies: APP_DEV_DEPENDENCIES,
    };
    const core = tarballs['@cairn/core']!;
    if (this.manager === 'yarn') manifest.resolutions = { '@cairn/core': `file:${core}`, '@cairn/preact': `file:${tarballs['@cairn/preact']}` };
    writeFileSync(path.join(this.dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    if (this.manager === 'pnpm') {
      writeFileSync(path.join(this.dir, 'pnpm-workspace.yaml'), `overrides:\n  "@cairn/core": "file:${core}"\n  "@cairn/preact": "file:${tarballs['@cairn/preact']}"\n`);
    }
    const add = { npm: ['install', '--no-audit', '--no-fund'], pnpm: ['add'], yarn: ['add', '--non-interactive'] }[this.manager];
    const packages = publicPackages().map((p) => tarballs[p.name]!);
    await this.run([...managerCommand(this.manager), ...add, ...packages, `preact@${PREACT[this.preact]}`, ...FRAMEWORKS], INSTALL_MS);
    this.installed = true;
  }

  /** The manifest of a package as installed in the app (the top-level one). */
  installedManifest(name: string): Record<string, any> {
    return JSON.parse(readFileSync(path.join(this.dir, 'node_modules', name, 'package.json'), 'utf8'));
  }

  /** Where a package is installed in the app's node_modules tree (npm's layout: nested copies included). */
  copiesOf(name: string): string[] {
    const found: string[] = [];
    const walk = (modules: string) => {
      if (!existsSync(modules)) return;
      for (const entry of readdirSync(modules)) {
        if (entry.startsWith('.')) continue;
        const dirs = entry.startsWith('@') ? readdirSync(path.join(modules, entry)).map((n) => path.join(entry, n)) : [entry];
        for (const dir of dirs) {
          if (dir === name) found.push(path.relative(this.dir, path.join(modules, dir)));
          walk(path.join(modules, dir, 'node_modules'));
        }
      }
    };
    walk(path.join(this.dir, 'node_modules'));
    return found;
  }

  /** `<manager> run <script>`. */
  script(name: string) {
    return this.run([...managerCommand(this.manager), 'run', name]);
  }

  /** Every file of the built app, served at its path under dist/ (`/` is index.html). */
  distRoutes(): Record<string, Route> {
    const dist = path.join(this.dir, 'dist');
    const routes: Record<string, Route> = {};
    const walk = (dir: string, prefix: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        else routes[`/${prefix}${entry.name}`] = { body: readFileSync(path.join(dir, entry.name)) };
      }
    };
    walk(dist, '');
    routes['/'] = routes['/index.html']!;
    return routes;
  }
}

/**
 * Serves the built app with `receiver` at /leads and opens `pagePath` in a fresh context; runs
 * `scenario`, printing the page's console, errors and requests and the receiver's log when it
 * fails. The server and the context are closed in any case. The repo's own built cairn.js and
 * chunks are never served (test servers serve them by default at /cairn*.js): a page that looks
 * for a chunk at its origin gets a 404, as it would on a real site.
 */
async function inChromium(app: ScratchApp, pagePath: string, scenario: (page: Page, receiver: LeadReceiver, requested: () => string[]) => Promise<void>) {
  const receiver = createLeadReceiver();
  const notOurs: Record<string, Route> = Object.fromEntries(Object.keys(EMBED_PATHS).map((p) => [p, { status: 404, body: 'not part of the app' }]));
  const server = await startTestServer({ ...notOurs, ...app.distRoutes(), '/leads': receiver.handler, '/favicon.ico': { status: 204, body: '' } });
  try {
    const { context, page, diagnostics } = await openPage(browser, {
      extra: () => [
        ...app.log,
        ...server.requests.map((r) => `request ${r.method} ${r.path}`),
        ...receiver.attempts.map((a) => `receiver #${a.n} ${a.id} ${a.contentType} ${a.result}`),
      ],
    });
    try {
      page.setDefaultTimeout(15_000);
      await watchPageErrors(page);
      await page.goto(server.url + pagePath);
      await scenario(page, receiver, () => server.requests.map((r) => r.path));
      expect(await readWatch(page)).toEqual({ errors: [], rejections: [], violations: [] });
      expect(diagnostics.pageErrors).toEqual([]);
      // Nothing the page asked for was missing or failed (a delivered lead's request among them), and
      // it never looked for the script tag's files at its origin.
      const problems = diagnostics.network.filter((line) => !line.includes('/favicon.ico'));
      expect(problems).toEqual([]);
      expect(server.requests.filter((r) => r.path in EMBED_PATHS).map((r) => r.path)).toEqual([]);
    } catch (error) {
      console.log(`${app.manager} + preact ${app.preact}, ${pagePath}:\n${diagnostics.dump()}`);
      throw error;
    } finally {
      await context.close();
    }
  } finally {
    receiver.close();
    await server.close();
  }
}

/** The one lead the receiver stored (waits for it). */
async function theLead(receiver: LeadReceiver): Promise<Record<string, any>> {
  await expect.poll(() => receiver.stored.size, { timeout: 15_000 }).toBe(1);
  return [...receiver.stored.values()][0]!.lead;
}

/** The createForm + mountForm page (index.html): fill in, submit, thank-you, the lead at the receiver. */
async function submitFromFormPage(app: ScratchApp): Promise<void> {
  await inChromium(app, '/', async (page, receiver) => {
    await page.waitForFunction(() => (window as any).__ready === true);
    const host = page.locator('#host');
    await host.locator('[name="email"]').fill('ada@initech.test');
    await host.locator('[name="company"]').fill('Initech');
    await host.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => host.getByText('Thank you!').isVisible(), { timeout: 15_000 }).toBe(true);
    const lead = await theLead(receiver);
    expect(lead).toMatchObject({ schema: 'cairn.lead/1', form: { id: 'scratch-npm', version: 1 }, answers: { email: 'ada@initech.test', company: 'Initech' } });
    await expect.poll(() => page.evaluate(() => (window as any).__events as string[])).toEqual([`delivered ${lead.id}`]);
    expect(await page.evaluate(() => typeof (window as any).Cairn), 'no script tag on this page').toBe('undefined');
  });
}

/** The `import '@cairn/embed'` page (embed.html): the auto-mounted form delivers, with the later chunk loaded from the app's build of the package. */
async function submitFromEmbedPage(app: ScratchApp): Promise<void> {
  await inChromium(app, '/embed.html', async (page, receiver, requested) => {
    await page.waitForFunction(() => (window as any).__ready === true);
    expect(await page.evaluate(() => typeof (window as any).Cairn?.mount)).toBe('function');
    const form = page.locator('#signup');
    await form.locator('[name="email"]').fill('grace@initech.test');
    await form.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => form.getByText('Thank you!').isVisible(), { timeout: 15_000 }).toBe(true);
    const lead = await theLead(receiver);
    expect(lead).toMatchObject({ schema: 'cairn.lead/1', form: { id: 'scratch-embed', version: 1 }, answers: { email: 'grace@initech.test' } });
    // Vite emitted the package's chunk with the app (assets/cairn-later-<hash>.js) and the page loaded it from there
    expect(requested().filter((p) => /^\/assets\/cairn-later[-.][\w-]*\.js$/.test(p)).length).toBe(1);
  });
}

/** A wrapper page (react.html, vue.html): `<CairnForm>` mounts once, its lead is delivered once. */
async function submitFromWrapperPage(app: ScratchApp, framework: 'react' | 'vue'): Promise<void> {
  await inChromium(app, `/${framework}.html`, async (page, receiver) => {
    await page.waitForFunction(() => (window as any).__ready === true);
    const host = page.locator('[data-cairn-form-host]');
    expect(await host.count()).toBe(1);
    await host.locator('[name="email"]').fill(`${framework}@initech.test`);
    await host.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => host.getByText('Thank you!').isVisible(), { timeout: 15_000 }).toBe(true);
    const lead = await theLead(receiver);
    expect(lead).toMatchObject({ schema: 'cairn.lead/1', form: { id: `scratch-${framework}`, version: 1 }, answers: { email: `${framework}@initech.test` } });
    await expect.poll(() => page.evaluate(() => (window as any).__events as string[])).toEqual([`delivered ${lead.id}`]);
  });
}

/** Skips a step whose app did not get that far (the step that failed says why). */
function needs(t: TestContext, app: ScratchApp, what: 'installed' | 'built'): void {
  if (!app[what]) t.skip(`the ${app.manager} app was not ${what} (see the failed step above)`);
}

// --- npm, preact 10: the whole path ---------------------------------------------------------------

describe('npm + preact 10 (scratch Vite app outside the workspace)', () => {
  const app = new ScratchApp('npm', 10);

  it('npm install <the tarballs> preact@^10.25.0: no conflict, the packed @cairn/core everywhere', async () => {
    await app.install();
    expect(app.installedManifest('preact').version).toMatch(/^10\./);
    for (const { name, manifest } of publicPackages()) expect(app.installedManifest(name).version).toBe(manifest.version);
    // every dependency and peer satisfied, one @cairn/core (deduped), one preact
    const tree = await app.run(['npm', 'ls', '--all', '--json']);
    expect(JSON.parse(tree.stdout).problems ?? []).toEqual([]);
    // one copy of each: the renderer and the app share one preact; @cairn/embed brings none (it is bundled in)
    expect(app.copiesOf('@cairn/core')).toEqual(['node_modules/@cairn/core']);
    expect(app.copiesOf('preact')).toEqual(['node_modules/preact']);
  }, INSTALL_MS + 60_000);

  it('type-checks against the packed types (npm run typecheck: tsc, moduleResolution bundler)', async (t) => {
    needs(t, app, 'installed');
    await app.script('typecheck');
  }, 180_000);

  it('builds with Vite (npm run build)', async (t) => {
    needs(t, app, 'installed');
    await app.script('build');
    app.built = true;
  }, 180_000);

  it.for(publicPackages().map((p) => p.name))("require('%s') throws an error that says the package is ESM-only", { timeout: 30_000 }, async (name, t) => {
    needs(t, app, 'installed');
    const result = await exec(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { cwd: app.dir, env: cleanEnv() });
    expect(result.status, `require('${name}')`).toBe(1);
    expect(result.stderr, `require('${name}')`).toContain(`Error: ${name} is ESM-only: use \`import … from '${name}'\`, or from CommonJS \`const { … } = await import('${name}')\`.`);
  });

  it('what that message says works: import from an ES module, await import() from CommonJS (Node)', async (t) => {
    needs(t, app, 'installed');
    writeFileSync(path.join(app.dir, 'check.cjs'), "(async () => { const { createForm, parseForm } = await import('@cairn/core'); console.log(typeof createForm, typeof parseForm); })();\n");
    writeFileSync(path.join(app.dir, 'check.mjs'), "import { parseForm } from '@cairn/core';\nconsole.log(parseForm('{}').ok);\n");
    expect((await app.run([process.execPath, 'check.cjs'])).stdout.trim()).toBe('function function');
    expect((await app.run([process.execPath, 'check.mjs'])).stdout.trim()).toBe('false');
  }, 30_000);

  it('Chromium: createForm + mountForm submit a lead, delivered to the receiver', async (t) => {
    needs(t, app, 'built');
    await submitFromFormPage(app);
  }, 60_000);

  it.for(['react', 'vue'] as const)("Chromium: @cairn/%s's <CairnForm> mounts once and delivers its lead", { timeout: 60_000 }, async (framework, t) => {
    needs(t, app, 'built');
    await submitFromWrapperPage(app, framework);
  });

  it("Chromium: import '@cairn/embed' auto-mounts the page's form; its lead is delivered, with the chunk loaded from the package", async (t) => {
    needs(t, app, 'built');
    await submitFromEmbedPage(app);
  }, 60_000);
});

// --- npm, preact 11: @cairn/preact's peer range, built and rendered ---------------------------

describe('npm + preact 11', () => {
  const app = new ScratchApp('npm', 11);

  it('npm install <the tarballs> preact@^11.0.0: @cairn/preact takes preact 11, no conflict', async () => {
    await app.install();
    expect(app.installedManifest('preact').version).toMatch(/^11\./);
    const tree = await app.run(['npm', 'ls', '--all', '--json']);
    expect(JSON.parse(tree.stdout).problems ?? []).toEqual([]);
    // @cairn/preact renders with the app's preact 11, and nothing brings a preact 10 along
    expect(app.copiesOf('preact')).toEqual(['node_modules/preact']);
  }, INSTALL_MS + 60_000);

  it('type-checks and builds (npm run typecheck, npm run build)', async (t) => {
    needs(t, app, 'installed');
    await app.script('typecheck');
    await app.script('build');
    app.built = true;
  }, 240_000);

  it('Chromium: createForm + mountForm on preact 11 submit a lead, delivered', async (t) => {
    needs(t, app, 'built');
    await submitFromFormPage(app);
  }, 60_000);
});

// --- pnpm and yarn: the same tarballs, the same pages ------------------------------------------

describe.each([
  ['pnpm', 10],
  ['yarn', 11],
] as const)('%s + preact %s', (manager, preact) => {
  const app = new ScratchApp(manager, preact);

  it(`${manager} add <the tarballs> preact@${PREACT[preact]}`, async () => {
    await app.install();
    expect(app.installedManifest('preact').version).toMatch(new RegExp(`^${preact}\\.`));
    for (const { name, manifest } of publicPackages()) expect(app.installedManifest(name).version).toBe(manifest.version);
  }, INSTALL_MS + 60_000);

  it(`type-checks and builds (${manager} run typecheck, ${manager} run build)`, async (t) => {
    needs(t, app, 'installed');
    await app.script('typecheck');
    await app.script('build');
    app.built = true;
  }, 240_000);

  it('Chromium: createForm + mountForm submit a lead, delivered', async (t) => {
    needs(t, app, 'built');
    await submitFromFormPage(app);
  }, 60_000);

  it.for(['react', 'vue'] as const)("Chromium: @cairn/%s's <CairnForm> delivers its lead", { timeout: 60_000 }, async (framework, t) => {
    needs(t, app, 'built');
    await submitFromWrapperPage(app, framework);
  });

  it("Chromium: import '@cairn/embed' delivers a lead, with the chunk loaded from the package", async (t) => {
    needs(t, app, 'built');
    await submitFromEmbedPage(app);
  }, 60_000);
});
