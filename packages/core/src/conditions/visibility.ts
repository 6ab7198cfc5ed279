import type { Condition, FormConfig } from '../schema/form-schema.js';
import type { FieldValue } from '../model/values.js';
import {
  compileCondition,
  conditionFacts,
  isPresent,
  type CompiledCondition,
  type FactReader,
} from './evaluate-condition.js';
import { rankNodes } from './rank-nodes.js';
import { sameValue } from './same-value.js';

/**
 * Which steps and fields are shown, kept current answer by answer.
 *
 * A step is visible while its `when` holds. A field is visible while its step is
 * visible and its own `when` holds. Other conditions read a field's *effective*
 * value: its value while visible, absent while hidden (a hidden answer neither
 * steers the form nor gets submitted).
 */
export interface Visibility {
  isFieldVisible(fieldId: string): boolean;
  isStepVisible(stepId: string): boolean;
  /**
   * Store a raw value (`undefined` clears it) and re-evaluate only the conditions
   * that depend on it, directly or through visibility changes it causes.
   * Returns the field and step ids whose visibility changed, in evaluation order.
   */
  set(fieldId: string, value: FieldValue | undefined): string[];
  /** The raw value, whether or not the field is visible. */
  raw(fieldId: string): FieldValue | undefined;
  /** The effective value: the raw value while visible, `undefined` while hidden. */
  value(fieldId: string): FieldValue | undefined;
  /**
   * Re-evaluate every condition, after the `facts` reader given to `createVisibility`
   * changed its answers (profile, signal, email, score facts), or with `facts`, a new
   * reader for them from now on. Returns the ids whose visibility changed, like `set`.
   * Call it only for forms whose conditions read such facts (`conditionFacts(when, set, kind)`).
   */
  recheck(facts?: FactReader): string[];
  /** The reader conditions see: effective values for `field` facts, the given `facts` for the rest. */
  readonly read: FactReader;
  /** How many conditions have been evaluated since creation (tests, benchmarks). */
  readonly evaluations: number;
}

/**
 * One `when` owner. Nodes live in one array ordered by `rankNodes`, so a node's
 * index is its rank: every node sorts after the nodes whose visibility it reads.
 */
interface Node {
  /** Step or field id. */
  id: string;
  isStep: boolean;
  /** Compiled `when`; absent means "always". */
  when: CompiledCondition | undefined;
  /** Last result of `when`. */
  holds: boolean;
  /** Field nodes: index of their step's node. Step nodes: -1. */
  step: number;
  /** Step nodes: indexes of their field nodes. */
  fields: number[];
  /** Indexes of nodes whose `when` reads this field (field nodes only). */
  readers: number[];
  /** Raw value (field nodes only). */
  value: FieldValue | undefined;
  /** The `set` call that last evaluated this node: evaluate each node at most once per answer. */
  epoch: number;
  /** The `set` call that last recorded `wasVisible`. */
  touched: number;
  wasVisible: boolean;
}

/** `facts` answers the conditions' non-field facts (profile, signal, email, score); without it they are absent. */
export function createVisibility(
  form: FormConfig,
  initialValues: Readonly<Record<string, FieldValue | undefined>> = {},
  facts?: FactReader,
): Visibility {
  const { nodes, fieldNodes, stepNodes } = buildNodes(form);
  for (const [id, n] of fieldNodes) n.value = initialValues[id];

  const fieldVisible = (n: Node | undefined): n is Node => !!n && n.holds && nodes[n.step]!.holds;
  const effective = (key: string) => {
    const n = fieldNodes.get(key);
    return fieldVisible(n) ? n.value : undefined;
  };
  const read: FactReader = (kind, key) => (kind == 'field' ? effective(key) : facts?.(kind, key));
  const [settle, push, pushReaders, evaluations] = propagation(nodes, read, fieldVisible);

  return {
    isFieldVisible: (id) => fieldVisible(fieldNodes.get(id)),
    isStepVisible: (id) => !!stepNodes.get(id)?.holds,
    set(fieldId, value) {
      const n = fieldNodes.get(fieldId);
      if (!n || sameValue(n.value, value)) return [];
      n.value = value;
      // A hidden field's answer is invisible to conditions: nothing can change.
      return fieldVisible(n) ? settle(() => pushReaders(n)) : [];
    },
    // every condition: cheap next to an answer's re-render, and it keeps the script tag small
    recheck: (next) => ((facts = next ?? facts), settle(() => nodes.forEach((n, i) => n.when && push(i)))),
    raw: (id) => fieldNodes.get(id)?.value,
    value: effective,
    read,
    get evaluations() {
      return evaluations();
    },
  };
}

/**
 * Evaluates the nodes' conditions: every one now, in rank order (dependencies are settled before
 * their readers), then, for each `settle`, the ones a change reaches. Returns `settle`, `push`
 * (queue a node by index), `pushReaders` (queue the nodes that read a field) and how many
 * conditions have been evaluated so far.
 */
function propagation(nodes: Node[], read: FactReader, fieldVisible: (n: Node) => boolean) {
  let evaluations = 0;
  let epoch = 0;
  for (const n of nodes) {
    if (!n.when) continue;
    evaluations++;
    n.holds = n.when(read);
  }

  const [heap, push, pop] = rankQueue(nodes.length);
  const pushReaders = (n: Node) => {
    for (const r of n.readers) push(r);
  };
  // Nodes whose visibility may have changed during this answer, with their visibility before it.
  const touched: Node[] = [];
  const touch = (n: Node, wasVisible: boolean) => {
    if (n.touched === epoch) return;
    n.touched = epoch;
    n.wasVisible = wasVisible;
    touched.push(n);
  };

  /** Evaluates the nodes `start` queues and, in rank order, every node their changes reach. */
  function settle(start: () => void): string[] {
    epoch++;
    touched.length = 0;
    start();
    while (heap.length > 0) {
      const node = nodes[pop()]!;
      // Only a dependency cycle (rejected by parseForm) can re-queue a node; evaluating
      // each node once per answer keeps such configs terminating and deterministic.
      if (node.epoch === epoch || !node.when) continue;
      node.epoch = epoch;
      evaluations++;
      const holds = node.when(read);
      if (holds === node.holds) continue;
      if (node.isStep) {
        touch(node, node.holds);
        // Every field whose own `when` holds appears or disappears with the step.
        for (const f of node.fields) {
          const field = nodes[f]!;
          if (!field.holds) continue;
          touch(field, node.holds);
          if (isPresent(field.value)) pushReaders(field);
        }
      } else if (nodes[node.step]!.holds) {
        touch(node, node.holds);
        if (isPresent(node.value)) pushReaders(node);
      }
      node.holds = holds;
    }
    // A field can flip twice in one answer (its step appears, then its own `when` fails):
    // report only net changes.
    const changed: string[] = [];
    for (const t of touched) if ((t.isStep ? t.holds : fieldVisible(t)) !== t.wasVisible) changed.push(t.id);
    return changed;
  }

  return [settle, push, pushReaders, () => evaluations] as const;
}

/**
 * A min-heap of node indexes (= ranks), each queued at most once: pop order respects
 * dependencies. Returns the heap (its length is how many are queued), `push` and `pop`.
 */
function rankQueue(size: number) {
  const heap: number[] = [];
  const queued = new Uint8Array(size);
  const push = (i: number) => {
    if (queued[i]) return;
    queued[i] = 1;
    let k = heap.push(i) - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heap[parent]! <= i) break;
      heap[k] = heap[parent]!;
      k = parent;
    }
    heap[k] = i;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && heap[child + 1]! < heap[child]!) child++;
        if (heap[child]! >= last) break;
        heap[k] = heap[child]!;
        k = child;
      }
      heap[k] = last;
    }
    queued[top] = 0;
    return top;
  };
  return [heap, push, pop] as const;
}

/** Nodes for every step and field, sorted by rank (dependencies first), with their wiring; and the node of each field and step id. */
function buildNodes(form: FormConfig) {
  const draft: Node[] = [];
  const facts: Set<string>[] = [];
  const add = (id: string, isStep: boolean, when: Condition | undefined, step: number) => {
    facts.push(when ? conditionFacts(when) : new Set());
    return draft.push({
      id,
      isStep,
      when: when && compileCondition(when),
      holds: true,
      step,
      fields: [],
      readers: [],
      value: undefined,
      epoch: 0,
      touched: 0,
      wasVisible: true,
    }) - 1;
  };
  // Duplicate ids are a config error (parseForm rejects them); the first one wins here.
  const firstField = new Map<string, number>();
  const firstStep = new Map<string, number>();
  for (const step of form.steps) {
    const s = add(step.id, true, step.when, -1);
    if (!firstStep.has(step.id)) firstStep.set(step.id, s);
    for (const field of step.fields) {
      const f = add(field.id, false, field.when, s);
      if (!firstField.has(field.id)) firstField.set(field.id, f);
    }
  }
  // Node a depends on b when a's `when` reads field b, or b's step (b is visible only with it).
  const reads = facts.map((ids) => [...ids].flatMap((id) => firstField.get(id) ?? []));
  const order = rankNodes(reads.map((fields) => fields.flatMap((f) => [f, draft[f]!.step])));
  const rankOf = new Int32Array(draft.length);
  order.forEach((old, rank) => (rankOf[old] = rank));
  const nodes = order.map((old) => draft[old]!);
  order.forEach((old, rank) => {
    const n = nodes[rank]!;
    if (!n.isStep) {
      n.step = rankOf[n.step]!;
      nodes[n.step]!.fields.push(rank);
    }
    for (const f of reads[old]!) nodes[rankOf[f]!]!.readers.push(rank);
  });
  const nodeOf = (first: Map<string, number>) => new Map([...first].map(([id, old]) => [id, draft[old]!] as const));
  return { nodes, fieldNodes: nodeOf(firstField), stepNodes: nodeOf(firstStep) };
}
