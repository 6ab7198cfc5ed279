import type * as z from 'zod/mini';
import { configError, formatPath, quoteList, type ConfigError } from './config-error.js';
import { didYouMeanHint } from './did-you-mean.js';
import { COMPARISON_OPERATORS, ConditionSchema, FormSchema, NOT_BUILT_IN } from './form-schema.js';

/**
 * Turns zod issues into errors a marketer can act on: the path, what is wrong
 * in words, and a fix. The keys and values allowed at a path are read from the
 * schema itself, so they cannot drift from it.
 */

/** The parts of a zod issue we read (zod/mini leaves `message` generic). */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  errors?: Issue[][];
  origin?: string;
  minimum?: unknown;
}

/** The parts of a zod schema definition we walk. */
interface Node {
  _zod: {
    def: {
      shape?: Record<string, Node>;
      element?: Node;
      valueType?: Node;
      options?: Node[];
      innerType?: Node;
    };
  };
}

const unwrap = (s: Node | undefined): Node | undefined => (s?._zod.def.innerType ? unwrap(s._zod.def.innerType) : s);

/** The schema of `s[k]`; through a union, of the first member that has one. */
const child = (s: Node | undefined, k: PropertyKey): Node | undefined => {
  const d = unwrap(s)?._zod.def;
  return !d
    ? d
    : d.options
      ? d.options.map((o) => child(o, k)).find(Boolean)
      : d.shape
        ? Object.hasOwn(d.shape, k)
          ? d.shape[k as string]
          : undefined
        : (d.element ?? d.valueType);
};

const schemaAt = (path: readonly PropertyKey[]): Node | undefined =>
  path.reduce<Node | undefined>(child, FormSchema as unknown as Node);

/** The keys an object schema allows (through optional and union wrappers). */
const keysOf = (s: Node | undefined): string[] => {
  const d = unwrap(s)?._zod.def;
  return d?.shape ? Object.keys(d.shape) : (d?.options ?? []).flatMap(keysOf);
};

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? (v as never)[k] : undefined), root);

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const noun = (t: string): string =>
  t === 'boolean' ? 'true/false' : t === 'object' || t === 'record' ? 'an object' : t === 'array' ? 'an array' : `a ${t}`;

/** The types a failed union accepts, from its (possibly nested) members' issues. */
const expectedOf = (issue: Issue): string[] =>
  issue.errors ? issue.errors.flat().flatMap(expectedOf) : issue.expected ? [issue.expected] : [];

export const issuesToErrors = (issues: readonly z.core.$ZodIssue[], input: unknown): ConfigError[] =>
  (issues as unknown as Issue[]).flatMap((i) => explain(i, [], input));

const explain = (issue: Issue, base: PropertyKey[], input: unknown): ConfigError[] => {
  const path = [...base, ...issue.path];
  const where = formatPath(path);
  const key = path[path.length - 1];
  const value = valueAt(input, path);
  const code = issue.code;

  if (code === 'unrecognized_keys') {
    const allowed = keysOf(schemaAt(path));
    return issue.keys!.map((k) =>
      configError(
        formatPath([...path, k]),
        'unknown_key',
        `unknown key '${k}'`,
        didYouMeanHint(k, allowed) ?? `allowed keys: ${allowed.join(', ')}`,
      ),
    );
  }
  if (value === undefined && path.length && code.startsWith('invalid_')) {
    return [configError(formatPath(path.slice(0, -1)), 'missing_key', `missing '${String(key)}'`)];
  }
  if (code === 'invalid_union') {
    // A member that got past the type check (an option object without its
    // label) explains the problem better than "expected a string or an object".
    const deep = issue.errors!.find((b) => b.some((i) => i.path.length || !/^invalid_(type|union)$/.test(i.code)));
    if (deep) return deep.flatMap((i) => explain(i, path, input));
  }
  if (code === 'invalid_union' || code === 'invalid_type') {
    const expected = quoteList([...new Set(expectedOf(issue))].map(noun), 'or').replace(/'/g, '');
    const got = kind(value);
    if (unwrap(schemaAt(path.slice(0, -1))) === (ConditionSchema as unknown as Node) && COMPARISON_OPERATORS.includes(key as never)) {
      return [
        configError(
          where,
          'invalid_operator_value',
          `'${String(key)}' needs ${expected}, got ${got}`,
          /^(in|notIn)$/.test(String(key))
            ? `use a list, e.g. [${JSON.stringify(value)}]`
            : got === 'array' && /^(equals|notEquals)$/.test(String(key))
              ? "use 'in' to match any of several values"
              : undefined,
        ),
      ];
    }
    return [
      configError(
        where,
        'invalid_type',
        `expected ${expected}, got ${got}`,
        path[path.length - 2] === 'options' ? 'an option is "Label" or { "value": "…", "label": "…" }' : undefined,
      ),
    ];
  }
  if (code === 'invalid_value') {
    const values = issue.values!.map(String);
    return [
      typeof value === 'string'
        ? configError(
            where,
            'invalid_value',
            `'${value}' is not a ${key === 'type' ? 'field type' : `valid ${String(key)}`}`,
            didYouMeanHint(value, values) ?? `use ${quoteList(values)}`,
          )
        : configError(where, 'invalid_type', `expected ${quoteList(values)}, got ${kind(value)}`),
    ];
  }
  if (code === 'invalid_format' && typeof value === 'string' && !new RegExp(`^${NOT_BUILT_IN}`).test(value)) {
    return [configError(where, key === 'id' ? 'invalid_id' : 'invalid_value', `'${value}' is a name every JavaScript object already has`, `it cannot name ${key === 'id' ? 'an id' : `a ${String(key)}`}: use another, e.g. '${value.replace(/^_+|_+$/g, '')}_${key === 'id' ? 'id' : 'key'}'`)];
  }
  if (code === 'invalid_format' && key === 'id') {
    return [
      configError(
        where,
        'invalid_id',
        `'${String(value)}' is not a valid id`,
        `use letters, digits, '_', '-' and '.', starting with a letter or '_', e.g. '${String(value)
          .replace(/[^\w.-]+/g, '_')
          .replace(/^(?=[^A-Za-z_])/, '_')}'`,
      ),
    ];
  }
  if (code === 'too_small') {
    return [
      configError(
        where,
        'too_small',
        issue.origin === 'array' ? `needs at least ${issue.minimum === 1 ? 'one' : String(issue.minimum)} ${String(key).replace(/s$/, '')}` : 'must not be empty',
      ),
    ];
  }
  return [configError(where, 'invalid', `${issue.message} (${code})`)];
};
