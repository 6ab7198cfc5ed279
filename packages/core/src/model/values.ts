/**
 * The base types every layer shares: what a field holds, a set of answers, the UTM parameters.
 * This module imports nothing, so anything may import it without forming a cycle.
 */

/** What a field can hold: text-like and choice fields a string, number a number,
 * checkbox and consent a boolean, checkboxes a list of option values. */
export type FieldValue = string | number | boolean | readonly string[];

export type Answers = Readonly<Record<string, FieldValue>>;

/** A value a condition compares with. */
export type Scalar = string | number | boolean;

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}
