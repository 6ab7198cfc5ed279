/**
 * cairn-diagnostics.js — the words for a broken config, built separately
 * (vite.diagnostics.config.ts) as an ES module. cairn.js checks configs with
 * `checkForm` (paths and codes, no zod, no prose) and imports this module, from
 * beside itself, only when that check fails; a page with a valid form never
 * downloads it.
 */
import { formatConfigErrors, parseForm, type ConfigError } from '@cairn/core';

export { link } from '../link.js';

export interface Explained {
  /** Every problem on its own line: `steps[1].fields[0].type: 'emial' is not a field type — did you mean 'email'?` */
  message: string;
  /** Every problem, with `path`, `code`, `message` and `hint`; empty if parseForm finds none. */
  errors: ConfigError[];
}

/** What is wrong with `json` (a config object or its JSON text), in full sentences. Never throws. */
export function explain(json: unknown): Explained {
  const parsed = parseForm(json);
  const errors = parsed.ok ? [] : parsed.errors;
  return { message: formatConfigErrors(errors), errors };
}
