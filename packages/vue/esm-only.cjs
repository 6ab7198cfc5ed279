'use strict';
// What `require('@cairn/vue')` runs: the package is ESM-only (its "exports" map sends the
// "require" condition here), so CommonJS gets this sentence instead of ERR_PACKAGE_PATH_NOT_EXPORTED.
const error = new Error(
  "@cairn/vue is ESM-only: use `import … from '@cairn/vue'`, or from CommonJS `const { … } = await import('@cairn/vue')`.",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
