/**
 * A later chunk's `link(shared)`: fills the modules it takes from cairn.js with the values
 * cairn.js hands over (src/shared.ts). Nothing to do here, where nothing is bundled; the build
 * (build/shared-modules.mjs) replaces it for each chunk.
 */
export const link = (_shared: readonly unknown[]): void => {};
