import { readFileSync } from 'node:fs';
import { defaultClientConditions, type Plugin, type UserConfig } from 'vite';
import { mangleCssNames } from './build/mangle-css-names.js';
import { terserPass } from './build/terser-pass.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Identifiers that must never appear in cairn.js or cairn-diagnostics.js (strict CSP, no HTML
 * sinks). Also checked by test/size.browser.test.ts.
 */
export const FORBIDDEN = ['new Function', 'eval(', 'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write'];

/**
 * Preact's one HTML sink is `dangerouslySetInnerHTML` (`dom.innerHTML = …`). Cairn never
 * uses it; turning it into a text write here means no config string or answer can ever
 * be parsed as HTML, even by mistake, and the bundle carries no `innerHTML` at all.
 */
function noHtmlSinks(): Plugin {
  return {
    name: 'cairn:no-html-sinks',
    transform(code, id) {
      if (/[\\/]preact[\\/]dist[\\/]/.test(id) && code.includes('innerHTML')) {
        return { code: code.replaceAll('innerHTML', 'textContent'), map: null };
      }
      return undefined;
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const found = FORBIDDEN.filter((word) => chunk.code.includes(word));
        if (found.length) this.error(`${chunk.fileName} contains ${found.join(', ')}: find the module that brought it in.`);
      }
    },
  };
}

/**
 * zod keeps its config on `globalThis.__zod_globalConfig`, created at import: a second global
 * on the host page, shared with (and changeable by) any other zod the page runs. In our bundles
 * zod gets a private scope object instead, so they define nothing but `window.Cairn` and the
 * host's zod cannot reconfigure ours. (cairn.js carries no zod at all; cairn-diagnostics.js does.)
 */
function privateZodGlobals(): Plugin {
  return {
    name: 'cairn:private-zod-globals',
    transform(code, id) {
      if (!/[\\/]zod[\\/]/.test(id) || !code.includes('globalThis')) return undefined;
      return { code: `const __cairnZodScope = {};\n${code.replaceAll('globalThis', '__cairnZodScope')}`, map: null };
    },
  };
}

/**
 * What both builds share: sources of @cairn/core and @cairn/preact are bundled directly (the
 * @cairn/source condition), so neither build depends on their tsc output; minified ES2022; the
 * guards above.
 *
 * Always a production build, whatever NODE_ENV says: Vite derives "production" from NODE_ENV,
 * and a build started under Vitest (NODE_ENV=test) would otherwise resolve the `development`
 * export condition and compile JSX in development mode (jsxDEV, with this machine's file paths
 * in cairn.js, ~0.5 KB gzip more).
 */
export const shared = {
  resolve: {
    conditions: ['@cairn/source', ...defaultClientConditions.map((c) => (c === 'development|production' ? 'production' : c))],
  },
  define: {
    __CAIRN_VERSION__: JSON.stringify(pkg.version),
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  // Classic `h` calls (the renderer imports h/Fragment): ~0.16 KB gzip smaller than the automatic runtime.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment', development: false } },
  plugins: [noHtmlSinks(), privateZodGlobals(), mangleCssNames(), terserPass()],
} satisfies UserConfig;

export const sharedBuild = {
  target: 'es2022',
  outDir: 'dist',
  minify: true,
  sourcemap: true,
  reportCompressedSize: true,
} satisfies UserConfig['build'];

/**
 * A module cairn.js imports from beside itself (cairn-later.js, cairn-diagnostics.js): one ES
 * module, fully minified. Built after vite.config.ts (which empties dist/), so it must not
 * empty dist/ itself.
 */
export const besideCairnJs = (entry: string, fileName: string): UserConfig => ({
  ...shared,
  build: {
    ...sharedBuild,
    emptyOutDir: false,
    lib: { entry, formats: ['es'], fileName: () => fileName },
    // Library mode leaves ES output unminified (to keep pure annotations for a consumer's
    // bundler); this file is loaded by browsers as is, so minify it fully. What the file loads
    // on demand (`import()`) is a file beside it, `cairn-<module>.js`, importing what it shares
    // with this file from this file (extra exports allowed), not from a third, common file.
    rolldownOptions: { preserveEntrySignatures: 'allow-extension', output: { minify: true, chunkFileNames: 'cairn-[name].js' } },
  },
});
