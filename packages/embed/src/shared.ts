/**
 * What cairn.js hands to the chunks it loads later (src/later.ts passes it to their `link`): the
 * modules it carries, so they are not downloaded twice. Empty here, where nothing is bundled;
 * the build (build/shared-modules.mjs) fills it with every shared binding, in an agreed order.
 */
export const shared: readonly unknown[] = [];
