import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Condition, FactKind, FieldConfig, FormConfig, StepConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import { createVisibility } from './visibility.js';
import { evaluateCondition } from './evaluate-condition.js';

const text = (id: string, when?: Condition): FieldConfig => ({ id, type: 'text', ...(when && { when }) });
const form = (...steps: StepConfig[]): FormConfig => ({ id: 'f', version: 1, steps, submit: { endpoint: '/lead' } });
const step = (id: string, fields: FieldConfig[], when?: Condition): StepConfig => ({ id, fields, ...(when && { when }) });

describe('createVisibility', () => {
  it('evaluates every condition once up front, honouring initial values', () => {
    const vis = createVisibility(
      form(step('s', [text('a'), text('b', { field: 'a', equals: 'yes' }), text('c', { field: 'a', exists: false })])),
      { a: 'yes' },
    );
    expect(vis.isFieldVisible('b')).toBe(true);
    expect(vis.isFieldVisible('c')).toBe(false);
    expect(vis.isFieldVisible('nope')).toBe(false);
    expect(vis.isStepVisible('s')).toBe(true);
  });

  it('set returns the ids whose visibility changed, and only those', () => {
    const vis = createVisibility(
      form(step('s', [text('a'), text('b', { field: 'a', equals: 'yes' }), text('c', { field: 'a', exists: true })])),
    );
    expect(vis.set('a', 'no')).toEqual(['c']);
    expect(vis.set('a', 'yes')).toEqual(['b']);
    expect(vis.set('a', 'yes')).toEqual([]); // unchanged value: nothing to do
    expect(vis.set('a', undefined)).toEqual(['b', 'c']);
    expect(vis.set('unknown', 'x')).toEqual([]);
  });

  it('re-evaluates only the conditions that read the answered field', () => {
    const fields = [text('a'), text('b')];
    for (let i = 0; i < 50; i++) fields.push(text(`onA${i}`, { field: 'a', equals: String(i) }));
    for (let i = 0; i < 30; i++) fields.push(text(`onB${i}`, { field: 'b', exists: true }));
    const vis = createVisibility(form(step('s', fields)));
    expect(vis.evaluations).toBe(80); // the initial pass: one per `when`
    const before = vis.evaluations;
    vis.set('b', 'x');
    expect(vis.evaluations - before).toBe(30);
    vis.set('a', '7');
    expect(vis.evaluations - before).toBe(80);
    vis.set('onA3', 'typed'); // nobody reads it
    expect(vis.evaluations - before).toBe(80);
  });

  it('cascades: A hides B, B’s value then stops counting and hides C', () => {
    const vis = createVisibility(
      form(
        step('s', [
          text('a'),
          text('b', { field: 'a', equals: 'show' }),
          text('c', { field: 'b', equals: 'go' }),
          text('d', { field: 'c', exists: false }),
        ]),
      ),
    );
    vis.set('a', 'show');
    expect(vis.set('b', 'go')).toEqual(['c']);
    expect(vis.isFieldVisible('d')).toBe(true); // c is visible but empty
    vis.set('c', 'typed');
    expect(vis.isFieldVisible('d')).toBe(false);

    const changed = vis.set('a', 'hide');
    expect(changed).toEqual(['b', 'c', 'd']);
    expect(vis.isFieldVisible('c')).toBe(false);
    expect(vis.raw('b')).toBe('go'); // kept, not effective
    expect(vis.value('b')).toBeUndefined();
    expect(vis.read('field', 'b')).toBeUndefined();

    expect(vis.set('a', 'show')).toEqual(['b', 'c', 'd']); // kept answers come back
    expect(vis.isFieldVisible('d')).toBe(false);
  });

  it('an answer to a hidden field changes nothing', () => {
    const vis = createVisibility(form(step('s', [text('a'), text('b', { field: 'a', exists: true }), text('c', { field: 'b', exists: true })])));
    const before = vis.evaluations;
    expect(vis.set('b', 'x')).toEqual([]);
    expect(vis.evaluations).toBe(before);
    expect(vis.set('a', 'x')).toEqual(['b', 'c']); // b appears with its kept value, so c does too
  });

  it('a step hidden by its condition hides its fields; its fields’ values stop counting', () => {
    const vis = createVisibility(
      form(
        step('one', [text('role')]),
        step('tech', [text('stack'), text('infra', { field: 'stack', exists: true })], { field: 'role', equals: 'engineer' }),
        step('last', [text('note', { field: 'stack', equals: 'go' })]),
      ),
      { role: 'engineer' },
    );
    expect(vis.isStepVisible('tech')).toBe(true);
    vis.set('stack', 'go');
    expect(vis.isFieldVisible('note')).toBe(true);

    expect(vis.set('role', 'sales')).toEqual(['tech', 'stack', 'infra', 'note']);
    expect(vis.isFieldVisible('stack')).toBe(false);
    expect(vis.isFieldVisible('infra')).toBe(false);
    expect(vis.isFieldVisible('note')).toBe(false);

    // While the step is hidden, its field conditions still follow their inputs.
    vis.set('stack', undefined);
    expect(vis.set('role', 'engineer')).toEqual(['tech', 'stack']);
    expect(vis.isFieldVisible('infra')).toBe(false);
  });

  it('reports net changes only: a step that appears while its field’s own condition fails', () => {
    const vis = createVisibility(
      form(
        step('one', [text('plan')]),
        step('two', [text('seats', { field: 'plan', notEquals: 'team' }), text('note')], { field: 'plan', exists: true }),
      ),
    );
    expect(vis.isStepVisible('two')).toBe(false);
    // `two` appears; `seats` would appear with it, but its own condition now fails.
    expect(vis.set('plan', 'team')).toEqual(['two', 'note']);
    expect(vis.isFieldVisible('seats')).toBe(false);
    expect(vis.set('plan', undefined)).toEqual(['two', 'note']);
  });

  it('handles a condition that reads a later field (rank order, not document order)', () => {
    const vis = createVisibility(form(step('s', [text('late', { field: 'z', equals: 'y' }), text('z', { field: 'a', exists: true }), text('a')])), {
      z: 'y',
    });
    expect(vis.isFieldVisible('late')).toBe(false);
    expect(vis.set('a', '1')).toEqual(['z', 'late']);
  });

  it('terminates on dependency cycles (a config error) and evaluates each node once per answer', () => {
    const vis = createVisibility(
      form(step('s', [text('a'), text('p', { all: [{ field: 'a', exists: true }, { field: 'q', exists: false }] }), text('q', { field: 'p', exists: false })])),
    );
    for (const [id, v] of [['a', 'x'], ['p', 'v'], ['q', 'w'], ['a', undefined]] as const) {
      const before = vis.evaluations;
      vis.set(id, v);
      expect(vis.evaluations - before).toBeLessThanOrEqual(2);
    }
    // A field whose condition reads itself: typing hides it, and it stays hidden.
    const self = createVisibility(form(step('s', [text('me', { field: 'me', exists: false })])));
    expect(self.isFieldVisible('me')).toBe(true);
    expect(self.set('me', 'x')).toEqual(['me']);
    expect(self.set('me', undefined)).toEqual([]);
  });

  it('matches a full re-evaluation on random forms and answer sequences', () => {
    // Reference: fixpoint of the definition, computed the slow way (DAG over earlier fields).
    const ids = Array.from({ length: 12 }, (_, i) => `f${i}`);
    const condArb = (i: number): fc.Arbitrary<Condition | undefined> => {
      if (i === 0) return fc.constant(undefined);
      const leaf = fc.record({
        field: fc.constantFrom(...ids.slice(0, i)),
        equals: fc.constantFrom('a', 'b'),
      });
      return fc.option(fc.oneof(leaf, fc.record({ any: fc.array(leaf, { maxLength: 2 }) }), fc.record({ not: leaf })), { nil: undefined });
    };
    const formArb = fc.tuple(...ids.map((_, i) => condArb(i)), condArb(6)).map((conds) => {
      const fields = ids.map((id, i) => text(id, conds[i]));
      return form(step('s1', fields.slice(0, 6)), step('s2', fields.slice(6), conds[12]));
    });
    const answers = fc.array(fc.tuple(fc.constantFrom(...ids), fc.constantFrom<FieldValue | undefined>('a', 'b', undefined)), { maxLength: 25 });

    fc.assert(
      fc.property(formArb, answers, (config, seq) => {
        const vis = createVisibility(config);
        const raw: Record<string, FieldValue | undefined> = {};
        let visible = reference(config, raw);
        for (const [id, v] of seq) {
          raw[id] = v;
          const changed = vis.set(id, v);
          const next = reference(config, raw);
          const expected = Object.keys(next).filter((k) => next[k] !== visible[k]);
          expect(changed.slice().sort()).toEqual(expected.sort());
          for (const f of ids) expect(vis.isFieldVisible(f)).toBe(next[f]);
          expect(vis.isStepVisible('s2')).toBe(next.s2);
          visible = next;
        }
      }),
    );
  });
});

/** Visibility by the definition, in document order (valid when conditions read earlier fields). */
function reference(config: FormConfig, raw: Record<string, FieldValue | undefined>): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  const effective: Record<string, FieldValue | undefined> = {};
  const read = (_: FactKind, key: string) => effective[key];
  for (const s of config.steps) {
    const stepVisible = !s.when || evaluateCondition(s.when, read);
    out[s.id] = stepVisible;
    for (const f of s.fields) {
      const visible = stepVisible && (!f.when || evaluateCondition(f.when, read));
      out[f.id] = visible;
      effective[f.id] = visible ? raw[f.id] : undefined;
    }
  }
  return out;
}
