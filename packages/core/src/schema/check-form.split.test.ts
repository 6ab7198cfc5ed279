import { describe, expect, test } from 'vitest';
import { checkForm, checkFormSemantics, checkFormShape } from './check-form.js';
import type { FormConfig } from './form-schema.js';

// checkForm = checkFormShape, then checkFormSemantics. The script tag runs the
// two halves at different times, so each half must hold its own rules.

const valid = {
  id: 'demo',
  version: 1,
  steps: [
    {
      id: 'contact',
      fields: [
        { id: 'email', type: 'email', label: 'Email', required: true },
        { id: 'size', type: 'select', label: 'Size', options: ['1-49', '50+'] },
      ],
    },
    { id: 'more', when: { field: 'size', equals: '50+' }, fields: [{ id: 'seats', type: 'number', label: 'Seats' }] },
  ],
  submit: { endpoint: '/leads' },
};

const clone = <T>(v: T): T => structuredClone(v);

describe('checkFormShape / checkFormSemantics', () => {
  test('a valid form passes both halves and checkForm', () => {
    expect(checkFormShape(valid)).toEqual({ ok: true, form: valid });
    expect(checkFormSemantics(valid as FormConfig)).toEqual({ ok: true, form: valid });
    expect(checkForm(valid).ok).toBe(true);
  });

  test('structural problems are the shape half; the semantic half is not reached', () => {
    const broken = clone(valid) as Record<string, unknown>;
    (broken.steps as { fields: { type: string }[] }[])[0]!.fields[0]!.type = 'emial';
    const shape = checkFormShape(broken);
    expect(shape).toEqual({ ok: false, problems: [{ path: 'steps[0].fields[0].type', code: 'invalid_value' }] });
    expect(checkForm(broken)).toEqual(shape);
  });

  test('whole-form problems pass the shape half and fail the semantic half', () => {
    const duplicate = clone(valid);
    duplicate.steps[1]!.fields[0]!.id = 'email';
    expect(checkFormShape(duplicate).ok).toBe(true);
    const semantics = checkFormSemantics(duplicate as FormConfig);
    expect(semantics.ok).toBe(false);
    expect(semantics).toEqual(checkForm(duplicate));
    if (!semantics.ok) expect(semantics.problems.map((p) => p.code)).toContain('duplicate_field_id');

    const unknownRef = clone(valid);
    unknownRef.steps[1]!.when = { field: 'sise', equals: '50+' };
    expect(checkFormShape(unknownRef).ok).toBe(true);
    expect(checkFormSemantics(unknownRef as FormConfig)).toEqual(checkForm(unknownRef));
    expect(checkForm(unknownRef).ok).toBe(false);
  });

  test('JSON text: syntax errors are the shape half; valid text parses', () => {
    expect(checkFormShape('{ "id": ')).toEqual({ ok: false, problems: [{ path: '', code: 'invalid_json' }] });
    expect(checkFormShape(JSON.stringify(valid))).toEqual({ ok: true, form: valid });
  });

  test('neither half throws', () => {
    const cyclic: Record<string, unknown> = { id: 'x', version: 1, submit: { endpoint: '/x' } };
    cyclic.steps = [{ id: 's', fields: [cyclic] }];
    expect(checkFormShape(cyclic).ok).toBe(false);
    expect(() => checkFormSemantics({ steps: null } as unknown as FormConfig)).not.toThrow();
    expect(checkFormSemantics({ steps: null } as unknown as FormConfig)).toEqual({ ok: false, problems: [{ path: '', code: 'invalid' }] });
  });
});
