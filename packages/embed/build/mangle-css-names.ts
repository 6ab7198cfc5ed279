// Readable CSS names in the renderer's source, one-letter names in the script tag.
//
// packages/preact/mangle.json maps each class name and private custom property the renderer
// writes (`cairn-hint`, `--cairn-private-accent`, …) to the short name the bundle carries (`h`,
// `--a`, …). In every module of packages/preact/src (tests aside) each readable name, as a whole
// token (not inside a longer name: `--cairn-error`, a public theming property, keeps its name
// beside the class `cairn-error`), becomes its short one; and the build fails if a readable
// name is still in a bundle: a name used in the source but missing from the map, or written in
// a module the transform does not see. The root class `.cairn`, `:host` and the public
// `--cairn-*` theming properties are not in the map and keep their names.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

interface MangleMap {
  /** class name → short class name */
  classes: Record<string, string>;
  /** private custom property → short custom property (both with their leading `--`) */
  customProperties: Record<string, string>;
}

const MAP_FILE = new URL('../../preact/mangle.json', import.meta.url);

/** A module of the renderer: packages/preact/src, not a test. */
const isRendererSource = (id: string) => {
  const path = id.split('?')[0]!.replaceAll('\\', '/');
  return path.includes('/packages/preact/src/') && !/\.test(-d)?\.[cm]?[jt]sx?$/.test(path);
};

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every readable name of `names` as a whole token: not preceded or followed by a word character or `-`. */
const tokens = (names: readonly string[]) =>
  new RegExp(`(?<![\\w-])(?:${[...names].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\w-])`, 'g');

/**
 * Renderer names the map does not list, as they look in a bundle: a private custom property, a
 * `.cairn-…` selector in the style sheet, or a `class: "cairn-…"` prop in an `h()` call. (Other
 * `cairn-…` strings — `cairn-form`, `cairn-config`, the public theming properties — are not classes.)
 */
export function unmapped(code: string): string[] {
  const found = code.matchAll(/--cairn-private-[\w-]+|\.(cairn-[a-z][\w-]*)(?=[\s,{:.[>+~)])|class(?:Name)?:\s*"(cairn-[a-z][\w-]*)/g);
  return [...found].map((m) => m[2] ?? m[1] ?? m[0]);
}

/** Reads and checks the map: well-formed names, and no two readable names sharing a short one. */
function readMap(file: URL): Map<string, string> {
  const { classes, customProperties } = JSON.parse(readFileSync(file, 'utf8')) as MangleMap;
  const names = new Map<string, string>();
  const kinds = [
    ['classes', classes, /^cairn-[a-z][a-z0-9-]*$/, /^[a-zA-Z_][\w-]*$/],
    ['customProperties', customProperties, /^--cairn-private-[a-z][a-z0-9-]*$/, /^--[a-zA-Z_][\w-]*$/],
  ] as const;
  for (const [kind, map, readable, short] of kinds) {
    const taken = new Map<string, string>();
    for (const [name, to] of Object.entries(map ?? {})) {
      if (!readable.test(name) || !short.test(to)) throw new Error(`${file.pathname}: ${kind} "${name}": "${to}" is not a name this plugin renames (${readable} to ${short})`);
      if (taken.has(to)) throw new Error(`${file.pathname}: ${kind} "${taken.get(to)}" and "${name}" both become "${to}"`);
      taken.set(to, name);
      names.set(name, to);
    }
  }
  if (names.size === 0) throw new Error(`${file.pathname} lists no names`);
  return names;
}

/**
 * Shortens the renderer's class names and private custom properties (packages/preact/mangle.json)
 * in the modules of packages/preact/src, and fails the build if a readable one reaches a bundle.
 */
export function mangleCssNames(file: URL = MAP_FILE): Plugin {
  const names = readMap(file);
  const readable = tokens([...names.keys()]);
  return {
    name: 'cairn:mangle-css-names',
    transform(code, id) {
      if (!isRendererSource(id)) return undefined;
      readable.lastIndex = 0;
      if (!readable.test(code)) return undefined;
      return { code: code.replace(readable, (name) => names.get(name)!), map: null };
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const left = new Set([...(chunk.code.match(readable) ?? []), ...unmapped(chunk.code)]);
        if (left.size)
          this.error(
            `${chunk.fileName} still contains ${[...left].join(', ')}: write each renderer class name and private ` +
              `custom property whole in packages/preact/src, and list it in packages/preact/mangle.json.`,
          );
      }
    },
  };
}
