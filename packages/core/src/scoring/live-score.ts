import type { ReadonlySignal, Signal } from '@preact/signals-core';
import { compileForm, conditionKeys } from '../compile/compile-form.js';
import { conditionFacts } from '../conditions/evaluate-condition.js';
import type { LeadPayload } from '../payload/lead-payload.js';
import type { FieldValue } from '../model/values.js';
import type { FactKind } from '../schema/constants.js';
import type { Condition, FormConfig } from '../schema/form-schema.js';
import type { FormSession } from '../session/form-session.js';
import type { Signals } from '../behaviour/signals.js';
import { leadFacts } from './lead-facts.js';
import { OTHER_KINDS } from './needs-live-score.js';
import { scoreLead } from './score-lead.js';
import { computeScore, withScore, type LeadScore } from './score.js';


export interface LiveScoreOptions {
  /** The visitor's behaviour now (the script tag's tracker). Default: none. */
  signals?: () => Signals | undefined;
  /** Epoch ms; injectable for tests. Default: `Date.now`. */
  now?: () => number;
  /**
   * Settles once `signals` tells the stored behaviour, not only this page's (the tracker reads its
   * record asynchronously): the score is computed again then, whether or not an answer changed.
   */
  ready?: Promise<unknown>;
}

/** The keys of every fact of `kind` the conditions read. */
const factsOf = (conds: readonly (Condition | undefined)[], kind: FactKind): Set<string> => {
  const keys = new Set<string>();
  for (const c of conds) if (c) conditionFacts(c, keys, kind);
  return keys;
};

/**
 * Sets `session.score` and keeps it current, and lets the form's conditions read `profile`, `signal`,
 * `email` and `score` facts (`{ "score": "stage", "equals": "mql" }` reveals a step to
 * qualified leads only). The score is recomputed when an answer a rule, a route or such a
 * condition reads changes (and once now), from the visible answers, the remembered profile
 * and `options.signals`, exactly as `scoreLead` computes it from the payload. Conditions are
 * re-evaluated only when a fact they read changed value. Returns the function that stops it.
 * A form with no `scoring` and no such condition costs nothing (`session.score` stays `undefined`).
 */
export function scoreLive(session: FormSession, options: LiveScoreOptions = {}): () => void {
  // A signal of the session's own copy of @preact/signals-core (its `status` is one): the script
  // tag runs this in cairn-later.js, a separate bundle, whose own copy the renderer would not see.
  const live = new (session.status.constructor as new (value: undefined) => Signal<LeadScore | undefined>)(undefined);
  session.score = live as ReadonlySignal<LeadScore | undefined>;
  const form = session.config;
  const { scoring } = form;
  const compiled = compileForm(form);
  const fields = [...compiled.fields.values()];
  const conds = compiled.conditions;
  const read = OTHER_KINDS.flatMap((kind) => [...conditionKeys(compiled, kind)].map((key) => [kind, key] as const));
  if (!scoring && !read.length) return () => {};

  // The answers anything here reads: fields rules and routes name, email fields (email facts),
  // fields whose profile key a `profile` fact names. Other answers cannot change the result
  // (conditions read answers themselves).
  const rules = [...(scoring?.fit ?? []), ...(scoring?.intent ?? []), ...(scoring?.routes ?? [])].map((r) => r.when);
  const named = factsOf(rules, 'field');
  const profiles = factsOf([...rules, ...conds], 'profile');
  const needed = new Set(fields.filter((f) => named.has(f.id) || f.type == 'email' || profiles.has(f.profile ?? f.id)).map((f) => f.id));

  let seen: string | undefined;
  let scored: string | undefined;
  /** Which of the answers read are visible now, as a string of 0s and 1s. */
  const visibleKey = () => {
    let key = '';
    for (const id of needed) key += +session.isVisible(id);
    return key;
  };
  let shown = '';
  // The answers read, kept from `change` events: `session.values` rebuilds a record of every field
  // when read after a change (~10 µs on a 200-field form), more than scoring itself.
  let values: Record<string, FieldValue | undefined> = {};
  const reset = () => {
    const all = session.values.peek();
    values = {};
    for (const id of needed) values[id] = all[id];
  };
  // Called from `change` listeners, outside any effect: reading signals here subscribes nothing.
  const update = () => {
    const now = options.now?.() ?? Date.now();
    const answers: Record<string, FieldValue> = {};
    for (const id of needed) if (values[id] !== undefined && session.isVisible(id)) answers[id] = values[id]!;
    shown = visibleKey();
    const facts = leadFacts(form, { answers, profile: session.known.peek(), signals: options.signals?.() }, now);
    const score = scoring && computeScore(scoring, facts, now);
    const reader = withScore(facts.read, score ?? {});
    const key = JSON.stringify(read.map(([kind, k]) => reader(kind, k) ?? null));
    const json = score && scoreKey(score);
    if (json !== scored) live.value = score;
    // A new reader only when a condition would see a different fact: re-checking every condition is the costly part.
    if (key !== seen && read.length) session.setFacts(reader);
    seen = key;
    scored = json;
  };
  reset();
  update();
  const offChange = session.on('change', ({ field, value }) => {
    if (needed.has(field)) {
      values[field] = value;
      return update();
    }
    // Any other answer may show or hide a field (or its step) the score reads: a hidden answer is
    // not sent, so it scores nothing; one shown again scores again.
    if (visibleKey() !== shown) update();
  });
  // "Not you?" starts the values over without our reader: install it again
  const offNotYou = session.on('notYou', () => {
    seen = undefined;
    reset();
    update();
  });
  let stopped = false;
  options.ready?.then(() => stopped || update(), () => {});
  return () => {
    stopped = true;
    offChange();
    offNotYou();
  };
}

/** What tells one score from another, cheaper than JSON.stringify (which costs more than the scoring). */
const scoreKey = (s: LeadScore): string =>
  `${s.fit}|${s.intent}|${s.grade}|${s.stage}|${s.route}|${s.priority}|${s.respondWithinMinutes}|` +
  s.reasons.map((r) => `${r.rule}:${r.points}:${r.facts ? r.facts.map((f) => f.value).join() : r.value}`).join('|');

/** `payload` with its provisional `score` (`scoreLead` of the payload itself), when the form has `scoring`. */
export const withLeadScore = (form: FormConfig, payload: LeadPayload): LeadPayload =>
  form.scoring ? { ...payload, score: scoreLead(form, payload) } : payload;
