// The import graph of the packages' sources (static imports and re-exports, `import type` too:
// a type-only cycle still tangles the floor plan), and the cycles in it. Node built-ins only.
//   node scripts/check/import-graph.mjs            prints every cycle, exits 1 when there is one
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = /\.(ts|tsx)$/;
const TEST = /\.test(-d)?\.tsx?$/;

/** Every non-test source file under `dir`. */
export function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      if (entry !== 'node_modules' && entry !== '__fixtures__') out.push(...sourceFiles(file));
    } else if (SOURCE.test(entry) && !TEST.test(entry) && !entry.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of `file`, resolved to source files (`./x.js` → `./x.ts` or `./x.tsx`). */
export function importsOf(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const found = new Set();
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (!spec?.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec).replace(/\.js$/, '');
    const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => existsSync(f));
    if (target) found.add(target);
  }
  return [...found];
}

/** Strongly connected components of more than one file (or a file importing itself): each is a cycle. */
export function findCycles(files) {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
  let index = 0;
  const stack = [];
  const meta = new Map();
  const cycles = [];
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v)) {
      if (!meta.has(w)) {
        visit(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v).includes(v)) cycles.push(component.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const f of files) if (!meta.has(f)) visit(f);
  return cycles;
}

export function packageSources() {
  const packages = path.join(ROOT, 'packages');
  return readdirSync(packages)
    .map((p) => path.join(packages, p, 'src'))
    .filter((dir) => existsSync(dir))
    .flatMap(sourceFiles);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const cycles = findCycles(packageSources());
  for (const cycle of cycles) console.log(`cycle of ${cycle.length} files:\n  ${cycle.join('\n  ')}`);
  console.log(cycles.length ? `${cycles.length} import cycle(s)` : 'no import cycles');
  process.exit(cycles.length ? 1 : 0);
}
