'use strict';
// What `require('@cairn/embed')` runs: the package is ESM-only (its "exports" map sends the
// "require" condition here), so CommonJS gets this sentence instead of ERR_PACKAGE_PATH_NOT_EXPORTED.
const error = new Error(
  "@cairn/embed is ESM-only: use `import … from '@cairn/embed'`, or from CommonJS `const { … } = await import('@cairn/embed')`.",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
