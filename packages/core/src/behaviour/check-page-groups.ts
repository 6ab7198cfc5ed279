import { formatPath } from '../schema/config-error.js';
import { checkPlainName, recordKeys } from '../schema/checks/rules.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { Report } from '../schema/problem.js';

/** `signals.pages`: each group a plain name, each pattern a path glob. */
export const checkPageGroups = (form: FormConfig, add: Report): void => {
  const pages = form.signals?.pages ?? {};
  for (const group of recordKeys(pages)) {
    const path = formatPath(['signals', 'pages', group]);
    checkPlainName(path, group, /^[A-Za-z0-9_-]{1,40}$/, add);
    if (!/^[/*]/.test(pages[group]!)) add(path, 'invalid_pattern', { value: pages[group]! });
  }
};
