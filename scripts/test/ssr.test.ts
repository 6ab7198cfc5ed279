// Server-side rendering imports every entry of every package in plain Node (no DOM, no window):
// each must load without throwing, and `@cairn/embed` must do nothing there (no global defined,
// nothing scheduled) until a browser runs it. A child `node` per package resolves the package by
// its own name (Node's self-reference through `exports`), from the built dist/ files a user gets:
// not the sources, not Vitest's resolver.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureEmbedBuilt, ROOT } from '../browser/build-embed.mjs';

/** The JavaScript entries of a package: every `exports` key whose target (or `import` target) is a .js file. */
function jsEntries(dir: string): { name: string; entries: string[] } {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = Object.entries(pkg.exports as Record<string, string | Record<string, string>>)
    .filter(([, target]) => /\.m?js$/.test(typeof target == 'string' ? target : (target.import ?? '')))
    .map(([key]) => pkg.name + key.slice(1));
  return { name: pkg.name, entries };
}

/** Imports `entries` in a fresh Node from `dir`; returns the globals they added and anything they scheduled. */
function importInNode(dir: string, entries: string[]): { added: string[]; failed: string[] } {
  const script = `
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const failed = [];
    for (const entry of ${JSON.stringify(entries)}) {
      try { await import(entry); } catch (error) { failed.push(entry + ': ' + (error && error.message)); }
    }
    const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
    process.stdout.write(JSON.stringify({ added, failed }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 30_000 }));
}

describe('every package entry imports in Node without a DOM (SSR)', () => {
  for (const pkg of ['core', 'preact', 'embed']) {
    it(`@cairn/${pkg}`, () => {
      if (pkg == 'embed') ensureEmbedBuilt();
      const dir = join(ROOT, 'packages', pkg);
      const { name, entries } = jsEntries(dir);
      expect(entries, `${name} has JavaScript entries`).toContain(name);
      const { added, failed } = importInNode(dir, entries);
      expect(failed).toEqual([]);
      // Nothing on globalThis: no window.Cairn, no polyfill, no leftover; only zod's own shared
      // config and registry, by zod's design (every zod copy in a process shares them).
      expect(added.filter((global) => !/^__zod_global(Config|Registry)$/.test(global))).toEqual([]);
    });
  }
});
