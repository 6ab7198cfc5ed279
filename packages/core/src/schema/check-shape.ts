import { formatPath, type ConfigErrorCode, type ConfigProblem } from './config-error.js';
import { COMPARISON_OPERATORS } from './constants.js';

/**
 * A tiny JSON Schema walker for the config's shape, for the browser: it knows
 * exactly the keywords of `form-shape.generated.ts` (see `SHAPE_KEYWORDS`) and
 * `assertShapeSupported` refuses a descriptor with any other, so it can never
 * pass a config by ignoring a rule.
 *
 * It reports what `parseForm` reports for the same input, with the same paths
 * and codes (the mapping in `issue-messages.ts`), so where it follows zod
 * rather than the letter of JSON Schema, that is on purpose:
 * - a number must be finite (zod's `z.number()`);
 * - `minItems`/`minLength` count anything with a `length`, even a value of the
 *   wrong type (zod runs length checks on `""` given for an array);
 * - `pattern` only on strings; a failed `id` pattern is `invalid_id`;
 * - a value that is `undefined` (absent, a hole, inherited) where something is
 *   needed is `missing_key`, reported at its parent;
 * - `anyOf` that fails names the problems of the branch that got furthest (as
 *   `issue-messages.ts` explains a failed zod union), else `invalid_type`;
 * - a wrong type of a condition operator's value is `invalid_operator_value`;
 * - keys not declared under `additionalProperties: false` are found with
 *   `for…in`, like zod's strict objects;
 * - an object with `additionalProperties: <schema>` (a zod record, `headers`)
 *   must be plain: not a `Date`, `Map` or `Headers`.
 */

export type ShapeSchema = { readonly [keyword: string]: unknown };

/** A shape problem. */
export type ShapeProblem = ConfigProblem;

/** Every keyword the walker implements; annotation keywords are stripped from the descriptor. */
export const SHAPE_KEYWORDS = [
  '$defs',
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'minLength',
  'pattern',
  'enum',
  'anyOf',
] as const;
const TYPES = ['object', 'array', 'string', 'number', 'boolean'];

/** A problem while walking: the path as keys (like a zod issue), before `missing_key` moves to the parent. */
interface Raw {
  path: PropertyKey[];
  code: ConfigErrorCode;
}

type Schema = {
  $defs?: Record<string, Schema>;
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | false;
  propertyNames?: Schema;
  items?: Schema;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** zod's `isPlainObject`: an object literal, `Object.create(null)`, parsed JSON; not an instance of a class. */
const isPlain = (v: Record<string, unknown>): boolean => {
  const c = v.constructor as { prototype?: unknown } | undefined;
  return typeof c !== 'function' || (isObject(c.prototype) && Object.hasOwn(c.prototype, 'isPrototypeOf'));
};

const is = (type: string, v: unknown): boolean =>
  type === 'array' ? Array.isArray(v) : type === 'object' ? isObject(v) : type === 'number' ? Number.isFinite(v) : typeof v === type;

/** The value at `path`, through own properties only (what `issue-messages.ts` reads). */
const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null && Object.hasOwn(v, k) ? (v as never)[k] : undefined), root);

/** A value of the wrong type at `key` of an object of definition `def`. */
const typeCode = (def: string | undefined, key: PropertyKey | undefined): ConfigErrorCode =>
  def === 'Condition' && COMPARISON_OPERATORS.includes(key as never) ? 'invalid_operator_value' : 'invalid_type';

/**
 * The problems of `value` against `root` (a descriptor with its `$defs`),
 * in walking order. Never throws for any JSON value; a value that refers to
 * itself through a recursive definition overflows the stack, as zod does.
 */
export const checkShape = (value: unknown, root: ShapeSchema): ShapeProblem[] => {
  const defs = (root as Schema).$defs ?? {};

  /** `parent`: the definition of the object `v` is a property of; `own`: the definition `s` came from. */
  const walk = (s: Schema, v: unknown, p: PropertyKey[], parent?: string, own?: string): Raw[] => {
    const out: Raw[] = [];
    const add = (code: ConfigErrorCode, path = p) => out.push({ path, code });
    const sub = (schema: Schema, x: unknown = v, path = p, parentDef = parent, ownDef = own) => walk(schema, x, path, parentDef, ownDef);
    const key = p[p.length - 1];

    if (s.$ref) {
      const name = s.$ref.replace('#/$defs/', '');
      out.push(...sub(defs[name]!, v, p, parent, name));
    }
    const typed = !s.type || [s.type].flat().some((t) => is(t, v));
    if (!typed) add(typeCode(parent, key));
    const min = s.minItems ?? s.minLength;
    const length = (v as { length?: unknown } | null | undefined)?.length;
    if (min !== undefined && length !== undefined && !((length as number) >= min)) add('too_small');
    if (!typed) return out;

    if (s.enum && !s.enum.includes(v)) add(typeof v === 'string' ? 'invalid_value' : 'invalid_type');
    if (s.pattern !== undefined && typeof v === 'string' && !new RegExp(s.pattern).test(v)) add(key === 'id' ? 'invalid_id' : 'invalid');

    if (isObject(v)) {
      const props = s.properties ?? {};
      for (const k of s.required ?? []) if (v[k] === undefined) add('missing_key', [...p, k]);
      for (const k in props) if (v[k] !== undefined) out.push(...sub(props[k]!, v[k], [...p, k], own, undefined));
      const rest = s.additionalProperties;
      if (rest === false) {
        for (const k in v) if (!Object.hasOwn(props, k)) add('unknown_key', [...p, k]);
      } else if (rest) {
        // zod's record: a plain object; its own enumerable keys, never `__proto__`
        if (!isPlain(v)) add(typeCode(parent, key));
        else for (const k of Object.keys(v)) if (k !== '__proto__' && !Object.hasOwn(props, k)) out.push(...sub(rest, v[k], [...p, k], own, undefined));
      }
      if (s.propertyNames) for (const k of Object.keys(v)) if (sub(s.propertyNames, k).length) add('invalid', [...p, k]);
    }
    if (Array.isArray(v) && s.items) for (let i = 0; i < v.length; i++) out.push(...sub(s.items, v[i], [...p, i], undefined, undefined));

    if (s.anyOf) {
      const failed: Raw[][] = [];
      for (const branch of s.anyOf) {
        const found = sub(branch);
        failed.push(found);
        if (!found.length) break;
      }
      if (failed[failed.length - 1]!.length) {
        // as issue-messages.ts explains a failed zod union: by the first branch that got
        // past the type check. (zod also prefers a sole branch whose problems are only
        // unknown keys; with this descriptor's unions that is always that same branch.)
        const deep = failed.find((r) => r.some((x) => x.path.length > p.length || !/^invalid_(type|operator_value)$/.test(x.code)));
        if (deep) out.push(...deep);
        else add(typeCode(parent, key));
      }
    }
    return out;
  };

  return walk(root as Schema, value, []).map(({ path, code }) => {
    const missing = code === 'missing_key' || (code.startsWith('invalid') && path.length > 0 && valueAt(value, path) === undefined);
    return { path: formatPath(missing ? path.slice(0, -1) : path), code: missing ? 'missing_key' : code };
  });
};

/**
 * Throws if `schema` uses a keyword (or a `type`, or a `$ref`) that
 * `checkShape` does not implement. Run by the tests and by `npm run schema`
 * before it writes the descriptor.
 */
export const assertShapeSupported = (root: ShapeSchema): void => {
  const defs = (root as Schema).$defs ?? {};
  const visit = (s: unknown, at: string): void => {
    if (!isObject(s)) throw new Error(`${at}: a schema must be an object`);
    for (const [k, v] of Object.entries(s)) {
      const here = `${at}/${k}`;
      if (!(SHAPE_KEYWORDS as readonly string[]).includes(k)) throw new Error(`${here}: checkShape does not implement '${k}'`);
      if (k === '$defs' && at !== '#') throw new Error(`${here}: $defs only at the root`);
      if (k === 'type' && ![v].flat().every((t) => TYPES.includes(t as string))) throw new Error(`${here}: checkShape does not implement type ${JSON.stringify(v)}`);
      if (k === '$ref' && !(typeof v === 'string' && v.startsWith('#/$defs/') && Object.hasOwn(defs, v.slice(8)))) throw new Error(`${here}: unresolvable $ref ${String(v)}`);
      if (k === 'additionalProperties' && v !== false) visit(v, here);
      if (k === 'properties' || k === '$defs') for (const [name, x] of Object.entries(v as object)) visit(x, `${here}/${name}`);
      if (k === 'anyOf') {
        if (!Array.isArray(v) || !v.length) throw new Error(`${here}: must be a non-empty list`);
        v.forEach((x, i) => visit(x, `${here}/${i}`));
      }
      if (k === 'items' || k === 'propertyNames') visit(v, here);
      if (k === 'pattern') new RegExp(v as string);
      if ((k === 'required' || k === 'enum') && !Array.isArray(v)) throw new Error(`${here}: must be a list`);
      if ((k === 'minItems' || k === 'minLength') && typeof v !== 'number') throw new Error(`${here}: must be a number`);
    }
  };
  visit(root, '#');
};
