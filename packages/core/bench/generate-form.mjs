/**
 * A synthetic but realistic big form for benchmarks: `fieldCount` fields over
 * `stepCount` steps, `conditionalCount` of them with a `when` that reads earlier
 * fields — chains (each reads the one before), fan-outs (many read one "hub"
 * question), and all/any/not mixes — plus two steps shown only for some answers.
 * Deterministic for a given seed.
 */
export function generateForm({ fieldCount = 200, conditionalCount = 150, stepCount = 10, seed = 42 } = {}) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const CHOICES = ['a', 'b', 'c', 'd', 'e'];
  const TYPES = ['select', 'number', 'text', 'checkboxes'];

  // Which fields are unconditional: the first few (hubs everyone reads), then evenly spread.
  const plain = new Set(Array.from({ length: 8 }, (_, i) => i));
  const spread = fieldCount - conditionalCount - plain.size;
  for (let k = 0; k < spread; k++) plain.add(8 + Math.floor(((k + 0.5) * (fieldCount - 8)) / spread));

  const fields = [];
  for (let i = 0; i < fieldCount; i++) {
    const type = i < 8 ? 'select' : TYPES[i % TYPES.length];
    const field = { id: `f${i}`, type, label: `Question ${i}` };
    if (type === 'select' || type === 'checkboxes') field.options = CHOICES;
    if (!plain.has(i)) field.when = conditionOn(i);
    fields.push(field);
  }

  /** A condition over earlier fields, shaped by the type of each field it reads. */
  function conditionOn(i) {
    const leaf = (j) => {
      const { type, id } = fields[j];
      if (type === 'select') return random() < 0.5 ? { field: id, equals: pick(CHOICES) } : { field: id, in: [pick(CHOICES), pick(CHOICES)] };
      if (type === 'number') return random() < 0.5 ? { field: id, gt: Math.floor(random() * 100) } : { field: id, lte: Math.floor(random() * 100) };
      if (type === 'checkboxes') return { field: id, contains: pick(CHOICES) };
      return random() < 0.5 ? { field: id, exists: true } : { field: id, contains: 'x' };
    };
    const hub = () => Math.floor(random() * 8);
    const earlier = () => Math.floor(random() * i);
    switch (i % 5) {
      case 0: return leaf(i - 1); // chain
      case 1: return leaf(hub()); // fan-out
      case 2: return { all: [leaf(hub()), leaf(earlier())] };
      case 3: return { any: [leaf(earlier()), leaf(earlier()), leaf(hub())] };
      default: return { not: leaf(earlier()) };
    }
  }

  const perStep = Math.ceil(fieldCount / stepCount);
  const steps = Array.from({ length: stepCount }, (_, s) => ({
    id: `step${s}`,
    fields: fields.slice(s * perStep, (s + 1) * perStep),
  }));
  steps[4].when = { field: 'f0', notEquals: 'e' };
  steps[7].when = { field: 'f1', in: ['a', 'b', 'c'] };

  const config = { id: 'bench', version: 1, steps, submit: { endpoint: 'https://example.test/lead' } };

  /** `count` random answers (field id, value), values drawn so that visibility flips often. */
  function answers(count) {
    const out = [];
    for (let n = 0; n < count; n++) {
      const { id, type } = fields[Math.floor(random() * fieldCount)];
      let value;
      if (random() < 0.1) value = undefined;
      else if (type === 'select') value = pick(CHOICES);
      else if (type === 'number') value = Math.floor(random() * 120);
      else if (type === 'checkboxes') value = CHOICES.filter(() => random() < 0.4);
      else value = pick(['', 'x-ray', 'hello', 'Xavier', 'ok']);
      out.push([id, value]);
    }
    return out;
  }

  return { config, fields, answers };
}

/** A deterministic PRNG (mulberry32): the benchmarks' forms and answers are reproducible from a seed. */
export function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
