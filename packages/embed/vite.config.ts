import { readFileSync } from 'node:fs';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Identifiers that must never appear in cairn.js (strict CSP, no HTML sinks). Also checked by test/size.browser.test.ts. */
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
 * on the host page, shared with (and changeable by) any other zod the page runs. In cairn.js
 * zod gets a private scope object instead, so the bundle defines nothing but `window.Cairn`
 * and the host's zod cannot reconfigure ours.
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

// The script-tag build: one minified IIFE, everything bundled, defining only window.Cairn.
// Sources of @cairn/core and @cairn/preact are bundled directly (the @cairn/source
// condition), so this build does not depend on their tsc output.
export default defineConfig({
  resolve: { conditions: ['@cairn/source', ...defaultClientConditions] },
  define: {
    __CAIRN_VERSION__: JSON.stringify(pkg.version),
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [noHtmlSinks(), privateZodGlobals()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    minify: true,
    sourcemap: true,
    reportCompressedSize: true,
    lib: {
      entry: 'src/index.ts',
      formats: ['iife'],
      // The entry exports nothing at run time; it assigns window.Cairn itself (once).
      name: 'Cairn',
      fileName: () => 'cairn.js',
    },
  },
});
