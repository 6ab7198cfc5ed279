import { chunkBase } from '../chunk-base.js';

/**
 * The npm module's way to a chunk (dist/cairn.module.js, vite.module.config.ts): plain relative
 * `import()`s that stay as they are in the built file, so the app's bundler (Vite, webpack, …)
 * finds the chunks in the package, emits them with the app and rewrites their names. A base
 * given on a mount (the chunks self-hosted elsewhere) still wins.
 */
const bundled: Record<string, () => Promise<unknown>> = {
  'cairn-later.js': () => import('./cairn-later.js'),
  'cairn-diagnostics.js': () => import('./cairn-diagnostics.js'),
};

export const chunkUrl = (file: string): string => new URL(file, chunkBase() ?? import.meta.url).href;

export const importChunk = (file: string): Promise<unknown> => {
  const at = chunkBase();
  return at ? import(/* @vite-ignore */ new URL(file, at).href) : bundled[file]!();
};
