import { assertShapeSupported, type ShapeSchema } from './check-shape.js';
import { formJsonSchema } from './json-schema.js';

/**
 * The descriptor `checkForm` walks: `formJsonSchema()` without its annotations
 * (descriptions, titles, ids) and its editor-only rules, written to `form-shape.generated.ts` by
 * `npm run schema` (scripts/write-schema.mjs); a test fails when it drifts. Node
 * only: this imports zod.
 */

/** Annotation keywords: they describe a schema but never decide whether a value fits. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
/**
 * The editor-only rules json-schema.ts adds (choice fields need options, fields need a label,
 * as allOf/if/then/else): the semantic checks state them, more strictly, so the walker need
 * not carry them into the script tag.
 */
const EDITOR_ONLY = new Set(['allOf', 'if', 'then', 'else']);
/** Keywords whose value is a schema, a list of schemas, or a map of name → schema. */
const SCHEMA = new Set(['items', 'additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else', 'contains']);
const SCHEMAS = new Set(['anyOf', 'allOf', 'oneOf', 'prefixItems']);
const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas']);

type Json = { [key: string]: unknown };

/**
 * A copy of `schema` without annotation keywords — only where they are
 * keywords: `properties.title` (a property named title) stays.
 */
export const stripAnnotations = (schema: unknown): unknown => {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema; // true/false schemas
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k) || EDITOR_ONLY.has(k)) continue;
    out[k] = SCHEMA.has(k)
      ? stripAnnotations(v)
      : SCHEMAS.has(k)
        ? (v as unknown[]).map(stripAnnotations)
        : SCHEMA_MAPS.has(k)
          ? Object.fromEntries(Object.entries(v as Json).map(([name, x]) => [name, stripAnnotations(x)]))
          : v; // data: required, enum, const, type, pattern…
  }
  return out;
};

/** The descriptor: checked to use only what `checkShape` implements. */
export const formShape = (): ShapeSchema => {
  const shape = stripAnnotations(formJsonSchema()) as ShapeSchema;
  assertShapeSupported(shape);
  return shape;
};

/**
 * The top-level keys whose shape the script tag checks only after the form is
 * interactive (with the whole-form rules, in cairn-later.js): nothing renders
 * from them, and their descriptors are a third of the whole.
 */
export const LATER_KEYS = ['submit', 'after', 'signals', 'scoring', 'analytics'] as const;

/** `$defs` of `root` reachable from `shape`, in `root`'s order. */
const reachableDefs = (shape: unknown, defs: Record<string, unknown>): Record<string, unknown> => {
  const seen = new Set<string>();
  const visit = (s: unknown): void => {
    if (typeof s !== 'object' || s === null) return;
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.replace('#/$defs/', '');
        if (!seen.has(name)) {
          seen.add(name);
          visit(defs[name]);
        }
      } else if (k !== '$defs') visit(v);
    }
  };
  visit(shape);
  return Object.fromEntries(Object.keys(defs).filter((name) => seen.has(name)).map((name) => [name, defs[name]]));
};

/**
 * The descriptor split in two, for the script tag: `render` is the whole form but
 * `LATER_KEYS`, which it accepts as anything (`{}`); `later` checks only those keys
 * of an object (no `type`: a non-object is `render`'s problem). Together they
 * report exactly what `formShape()` reports.
 */
export const formShapes = (): { render: ShapeSchema; later: ShapeSchema } => {
  const { $defs, ...whole } = formShape() as { $defs: Record<string, unknown>; properties: Record<string, unknown> };
  const properties = { ...whole.properties };
  const laterProperties: Record<string, unknown> = {};
  for (const key of LATER_KEYS) {
    laterProperties[key] = properties[key];
    properties[key] = {};
  }
  const renderShape = { ...whole, properties };
  const render = { ...renderShape, $defs: reachableDefs(renderShape, $defs) };
  const later = { properties: laterProperties, $defs: reachableDefs(laterProperties, $defs) };
  assertShapeSupported(render);
  assertShapeSupported(later);
  return { render, later };
};
