// The renderer's readable CSS names become the short ones in the script-tag build, and a name
// the map does not list stops the build.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mangleCssNames, unmapped } from './mangle-css-names.js';

const RENDERER = '/repo/packages/preact/src/field.tsx';

type Hook = (this: unknown, ...args: unknown[]) => unknown;
const transform = (plugin: ReturnType<typeof mangleCssNames>, code: string, id = RENDERER) =>
  (plugin.transform as Hook).call({}, code, id) as { code: string } | undefined;

/** Runs the plugin's bundle check on one chunk; returns the error it raised, if any. */
function checkBundle(plugin: ReturnType<typeof mangleCssNames>, code: string): string | undefined {
  let raised: string | undefined;
  const context = { error: (message: string) => void (raised = message) };
  (plugin.generateBundle as Hook).call(context, {}, { 'cairn.js': { type: 'chunk', fileName: 'cairn.js', code } }, false);
  return raised;
}

function mapFile(map: unknown): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'cairn-mangle-')), 'mangle.json');
  writeFileSync(file, JSON.stringify(map));
  return pathToFileURL(file);
}

describe('mangleCssNames', () => {
  const plugin = mangleCssNames();

  it('shortens whole class names and private properties, never a public theming property', () => {
    const out = transform(
      plugin,
      `'.cairn-error{color:var(--cairn-private-error)}' + '.cairn{--cairn-private-error:var(--cairn-error,#b42318)}'; h('div', { class: "cairn-error" })`,
    );
    expect(out?.code).toBe(`'.e{color:var(--e)}' + '.cairn{--e:var(--cairn-error,#b42318)}'; h('div', { class: "e" })`);
  });

  it('leaves a longer name that starts with a listed one, other packages and the tests alone', () => {
    expect(transform(plugin, `'.cairn-error-text{}'`)).toBeUndefined();
    expect(transform(plugin, `'.cairn-error{}'`, '/repo/packages/core/src/x.ts')).toBeUndefined();
    expect(transform(plugin, `'.cairn-error{}'`, '/repo/packages/preact/src/field.test.tsx')).toBeUndefined();
  });

  it('stops the build when a renderer name is left in a bundle, naming it and the fix', () => {
    expect(checkBundle(plugin, 'var s=".e{color:var(--e)}",c={class:"e"},t="cairn-form",v="--cairn-error"')).toBeUndefined();
    expect(checkBundle(plugin, 'var s=".cairn-error{color:red}"')).toMatch(/cairn\.js still contains cairn-error: .*mangle\.json/);
    // Not in the map at all: a new class or private property someone forgot to list.
    expect(checkBundle(plugin, 'var s=".cairn-banner{color:red}"')).toMatch(/contains cairn-banner/);
    expect(checkBundle(plugin, 'h("p",{class:"cairn-banner"})')).toMatch(/contains cairn-banner/);
    expect(checkBundle(plugin, 'var s="color:var(--cairn-private-shadow)"')).toMatch(/contains --cairn-private-shadow/);
  });

  it('finds unlisted names in a bundle but not the public ones or other cairn- strings', () => {
    expect(unmapped('.cairn{} [data-cairn-form] "cairn-config" var(--cairn-accent) .cairn-x{} class:"cairn-y" --cairn-private-z')).toEqual([
      'cairn-x',
      'cairn-y',
      '--cairn-private-z',
    ]);
  });

  it('refuses a map that would break the style sheet', () => {
    expect(() => mangleCssNames(mapFile({ classes: { 'cairn-a': 'x', 'cairn-b': 'x' }, customProperties: {} }))).toThrow(
      /"cairn-a" and "cairn-b" both become "x"/,
    );
    expect(() => mangleCssNames(mapFile({ classes: { hint: 'h' }, customProperties: {} }))).toThrow(/classes "hint"/);
    expect(() => mangleCssNames(mapFile({ classes: {}, customProperties: { '--cairn-accent': '--a' } }))).toThrow(
      /customProperties "--cairn-accent"/,
    );
    expect(() => mangleCssNames(mapFile({ classes: {}, customProperties: {} }))).toThrow(/lists no names/);
  });

  it('lists every class and private property the renderer writes', () => {
    const map = JSON.parse(readFileSync(new URL('../../preact/mangle.json', import.meta.url), 'utf8')) as {
      classes: Record<string, string>;
      customProperties: Record<string, string>;
    };
    const dir = new URL('../../preact/src/', import.meta.url);
    const used = new Set<string>();
    for (const name of readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test'))) {
      const source = readFileSync(new URL(name, dir), 'utf8');
      for (const m of source.matchAll(/(?<![\w-])(--cairn-private-[\w-]+|cairn-[a-z][\w-]*)/g)) used.add(m[1]!);
    }
    const listed = new Set([...Object.keys(map.classes), ...Object.keys(map.customProperties)]);
    // The one other `cairn-` word in the renderer is a module name (./cairn-form.js).
    expect([...used].filter((n) => !listed.has(n)), 'a class or private property the renderer writes is missing from mangle.json').toEqual(['cairn-form']);
    for (const n of listed) expect(used, `mangle.json lists ${n}, which packages/preact/src never writes`).toContain(n);
  });
});
