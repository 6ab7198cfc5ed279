// Issue 14: an id that is a name every JavaScript object has (`__proto__`, `constructor`…) used to
// pollute the host page's Object.prototype (`{"id":"__proto__","type":"text"}` alone) or read
// inherited values. Both parsers refuse such names wherever they key a record, and say why.
import { describe, expect, test } from 'vitest';
import { checkForm } from './check-form.js';
import { parseForm } from './parse-form.js';

const BUILT_IN = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

const form = (change: (f: Record<string, any>) => void) => {
  const f: Record<string, any> = {
    id: 'signup',
    version: 1,
    steps: [{ id: 'one', fields: [{ id: 'email', type: 'email', label: 'Email' }, { id: 'company', type: 'text', label: 'Company' }] }],
    submit: { endpoint: '/leads' },
  };
  change(f);
  return f;
};

describe('names every JavaScript object has are refused', () => {
  test.each(BUILT_IN)('as a field id: %s', (name) => {
    const config = form((f) => (f.steps[0].fields[1].id = name));
    const parsed = parseForm(config);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([
      expect.objectContaining({ path: 'steps[0].fields[1].id', code: 'invalid_id', message: `'${name}' is a name every JavaScript object already has`, hint: expect.stringMatching(/^it cannot name an id: use another, e\.g\. '\w+_id'$/) }),
    ]);
    // the script tag's own check (before anything renders) refuses it too
    expect(checkForm(config).ok).toBe(false);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('__');
  });

  type Change = (f: Record<string, any>) => void;
  test.each<[string, Change, string]>([
    ['a step id', (f) => void (f.steps[0].id = 'constructor'), 'steps[0].id'],
    ['the form id', (f) => void (f.id = 'toString'), 'id'],
    ['a field profile key', (f) => void (f.steps[0].fields[1].profile = '__proto__'), 'steps[0].fields[1].profile'],
    ['a condition profile key', (f) => void (f.steps[0].fields[1].when = { profile: 'valueOf', exists: true }), 'steps[0].fields[1].when.profile'],
  ])('as %s', (_what, change, path) => {
    const config = form(change);
    const parsed = parseForm(config);
    expect(!parsed.ok && parsed.errors.map((e) => [e.path, e.message])).toEqual([[path, expect.stringMatching(/is a name every JavaScript object already has$/)]]);
    expect(checkForm(config).ok).toBe(false);
  });

  test('names that merely contain one are fine; every __…__ name is reserved', () => {
    for (const id of ['constructor_id', 'my_toString', 'proto', '__proto', '_x_']) expect(parseForm(form((f) => (f.steps[0].fields[1].id = id))).ok, id).toBe(true);
    expect(parseForm(form((f) => (f.steps[0].fields[1].id = '__later__'))).ok).toBe(false);
  });
});
