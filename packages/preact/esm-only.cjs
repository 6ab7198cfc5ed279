'use strict';
// What `require('@cairn/preact')` runs: the package is ESM-only (its "exports" map sends the
// "require" condition here), so CommonJS gets this sentence instead of ERR_PACKAGE_PATH_NOT_EXPORTED.
const error = new Error(
  "@cairn/preact is ESM-only: use `import … from '@cairn/preact'`, or from CommonJS `const { … } = await import('@cairn/preact')`.",
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
