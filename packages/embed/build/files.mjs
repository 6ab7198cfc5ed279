// Every file the embed build writes to dist/ (each with its source map), in the order they load:
// deploy them side by side, at one URL prefix. cairn.js finds the others beside itself.
//   cairn.js              before the form is interactive (the script tag)
//   cairn-later.js        once the form is interactive and the page idle, or at the first touch
//   cairn-page-engine.js  the delivery engine: with the visitor's first answer, or when an earlier
//                         page left a lead in the outbox
//   cairn-diagnostics.js  only for a broken config
// build.mjs fails when the build writes any other file; the test servers and the demo serve these.
export const EMBED_FILES = ['cairn.js', 'cairn-later.js', 'cairn-page-engine.js', 'cairn-diagnostics.js'];
