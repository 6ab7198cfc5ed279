'use strict';
// What `require('@cairn/core')` runs: the package is ESM-only (its "exports" map sends the
// "require" condition here), so CommonJS gets this sentence instead of ERR_PACKAGE_PATH_NOT_EXPORTED.
const error = new Error(
  "@cairn/core is ESM-only: use `import … from '@cairn/core'`, or from CommonJS `const { … } = await import('@cairn/core')`.",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
