import { compileForm, conditionKeys } from '../compile/compile-form.js';
import type { FactKind } from '../schema/constants.js';
import type { FormConfig } from '../schema/form-schema.js';

/** The facts beyond answers a condition may read. */
export const OTHER_KINDS: readonly FactKind[] = ['profile', 'signal', 'email', 'score'];

/**
 * Whether `form` scores live (`scoreLive`): it has `scoring`, or a condition reads a `profile`,
 * `signal`, `email` or `score` fact. Any other form costs nothing to score until a lead is built.
 */
export const needsLiveScore = (form: FormConfig): boolean =>
  !!form.scoring || OTHER_KINDS.some((kind) => conditionKeys(compileForm(form), kind).size > 0);
