// The types of `require('@cairn/react')`: it throws (esm-only.cjs), so there is nothing to use, and the
// one property's name says why wherever TypeScript reports a missing export.
declare const esmOnly: { readonly "@cairn/react is ESM-only: use import, or await import('@cairn/react') from CommonJS": never };
export = esmOnly;
