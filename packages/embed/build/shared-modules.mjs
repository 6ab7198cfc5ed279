// Functions that cairn.js carries are not bundled again into the chunks it loads later
// (cairn-later.js, cairn-diagnostics.js): cairn.js hands them over at run time.
//
// cairn.js is a classic script (it must run from a plain <script src>, and it reads
// document.currentScript), so a later ES module cannot `import` from it. Instead:
// - in cairn.js, src/shared.ts (an empty array in source) becomes the array of every shared
//   function, in one agreed order;
// - in a later chunk, src/link.ts (a no-op in source) keeps that array when cairn.js calls
//   `link(shared)` right after importing the chunk (src/later.ts), and each shared module becomes
//   a stub whose shared exports call into the array (`(...a) => linked[12](...a)`); whatever else
//   the module exports comes from its own code (`?cairn-own`), so a module cairn.js carries only
//   in part still works in full.
// Only functions are shared, and through calls, not bindings: a chunk may keep a shared function
// at its top level (`export const profileDbName = profileDb`) before `link` has run. Constants are
// copied: immutable data costs a later chunk a few bytes, while handing one over costs cairn.js
// a slot in the array and the inlining at the one place it is used.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @typedef {Map<string, string[]>} SharedList module id → the export names shared from it, in order */

const OWN = '?cairn-own';
const sources = new Map();
/** Whether `name` is declared as a function in the module's source: `export function`, `export const name = (…) =>` or `= function`. */
function isFunction(id, name) {
  if (!sources.has(id)) sources.set(id, readFileSync(id, 'utf8'));
  const declared = new RegExp(`export\\s+(?:async\\s+)?function\\*?\\s+${name}\\b|export\\s+const\\s+${name}\\b[^=]*=\\s*(?:async\\s*)?(?:function\\b|[(<]|[A-Za-z_$][\\w$]*\\s*=>)`);
  return declared.test(sources.get(id));
}
const SHARED_SOURCE = /[\\/]embed[\\/]src[\\/]shared\.ts$/;
const LINK_ID = fileURLToPath(new URL('../src/link.ts', import.meta.url));

/** Modules of our own packages and their dependencies; not the embed's own files (nothing loads them twice). */
const shareable = (id) => !id.startsWith('\0') && !id.includes('?') && !/[\\/]embed[\\/]src[\\/]/.test(id);

/**
 * What a built chunk carries that a later chunk could take from it: its modules' exported
 * functions that survived tree-shaking.
 * @param {import('rolldown').OutputChunk} chunk
 * @returns {SharedList}
 */
export function carriedBy(chunk) {
  /** @type {SharedList} */
  const list = new Map();
  for (const [id, module] of Object.entries(chunk.modules)) {
    if (!shareable(id)) continue;
    const names = module.renderedExports.filter((name) => name !== 'default' && isFunction(id, name));
    if (names.length) list.set(id, names.sort());
  }
  return list;
}

/**
 * Of what cairn.js offers, the bindings later chunks need: built on their own (nothing linked),
 * the exports of each offered module that survived tree-shaking. Sorted (by module id, then
 * name), so cairn.js and every chunk agree on each binding's place in the array.
 * @param {SharedList} offered what cairn.js carries
 * @param {import('rolldown').OutputChunk[]} chunks the later chunks, built on their own
 * @returns {SharedList}
 */
export function neededBy(offered, chunks) {
  /** @type {Map<string, Set<string>>} */
  const needed = new Map();
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk.modules)) {
      const names = offered.get(id)?.filter((name) => module.renderedExports.includes(name)) ?? [];
      if (names.length) needed.set(id, new Set([...(needed.get(id) ?? []), ...names]));
    }
  }
  return new Map([...needed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, names]) => [id, [...names].sort()]));
}

/**
 * A shared module's own code, for what cairn.js does not carry of it. Its functions that cairn.js
 * does carry are not declared again: they are imported from the module's stub, so the code that
 * uses them calls what cairn.js handed over (their declarations stay, renamed, for tree-shaking to
 * drop). The declarations are found the way `isFunction` finds them.
 * @param {string} file
 * @param {string[]} names
 */
function ownCode(file, names) {
  let code = readFileSync(file, 'utf8');
  for (const name of names) {
    code = code.replace(new RegExp(`export(\\s+(?:async\\s+)?function\\*?\\s+|\\s+const\\s+)${name}\\b`), `$1__own_${name}`);
  }
  return names.length ? `import { ${names.join(', ')} } from ${JSON.stringify(file)};\n${code}` : code;
}

/** Each shared binding's index in the handed-over array. */
function indexes(/** @type {SharedList} */ list) {
  let next = 0;
  return new Map([...list].map(([id, names]) => [id, names.map(() => next++)]));
}

/**
 * For the cairn.js build: src/shared.ts becomes the array of `list`'s bindings.
 * @param {SharedList} list
 * @returns {import('vite').Plugin}
 */
export function handOver(list) {
  return {
    name: 'cairn:hand-over-shared-modules',
    enforce: 'pre',
    load(id) {
      if (!SHARED_SOURCE.test(id)) return undefined;
      const imports = [];
      const values = [];
      [...list].forEach(([module, names], m) => {
        imports.push(`import { ${names.map((name, n) => `${name} as s${m}_${n}`).join(', ')} } from ${JSON.stringify(module)};`);
        values.push(...names.map((_, n) => `s${m}_${n}`));
      });
      return `${imports.join('\n')}\nexport const shared = [${values.join(', ')}];`;
    },
  };
}

/**
 * For a later chunk's build: src/link.ts keeps the array cairn.js hands over (laid out as
 * `shared`), and each module of `needed` becomes a stub calling into it.
 * @param {SharedList} shared everything cairn.js hands over
 * @param {SharedList} needed what this chunk takes of it
 * @returns {import('vite').Plugin}
 */
export function linkFrom(shared, needed) {
  const at = indexes(shared);
  return {
    name: 'cairn:link-shared-modules',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith(OWN)) return undefined;
      const resolved = await this.resolve(source.slice(0, -OWN.length), importer, { ...options, skipSelf: true });
      return resolved && `${resolved.id}${OWN}`;
    },
    load(id) {
      if (id === LINK_ID) {
        return 'export let linked;\nexport const link = (values) => { linked = values; };';
      }
      if (id.endsWith(OWN)) {
        const file = id.slice(0, -OWN.length);
        return { code: ownCode(file, shared.get(file) ?? []), moduleType: file.endsWith('x') ? 'tsx' : file.endsWith('.ts') ? 'ts' : 'js' };
      }
      const names = needed.get(id);
      if (!names) return undefined;
      const all = shared.get(id);
      const slots = at.get(id);
      return [
        `import { linked } from ${JSON.stringify(LINK_ID)};`,
        ...names.map((name) => `export const ${name} = (...a) => linked[${slots[all.indexOf(name)]}](...a);`),
        `export * from ${JSON.stringify(`${id}${OWN}`)};`,
      ].join('\n');
    },
  };
}
