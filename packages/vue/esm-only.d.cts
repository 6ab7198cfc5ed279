// The types of `require('@cairn/vue')`: it throws (esm-only.cjs), so there is nothing to use, and the
// one property's name says why wherever TypeScript reports a missing export.
declare const esmOnly: { readonly "@cairn/vue is ESM-only: use import, or await import('@cairn/vue') from CommonJS": never };
export = esmOnly;
