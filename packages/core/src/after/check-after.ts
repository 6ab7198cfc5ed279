import type { CheckCondition } from '../conditions/check-conditions.js';
import { formatPath } from '../schema/config-error.js';
import type { FieldsById } from '../schema/checks/check-fields.js';
import { recordKeys } from '../schema/checks/rules.js';
import type { AfterConfig, FormConfig } from '../schema/form-schema.js';
import type { Report } from '../schema/problem.js';

const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

/** `after` (one rule or a list): conditions read after every step, http(s) redirect and booking URLs, booking params that name fields. */
export const checkAfter = (form: FormConfig, fields: FieldsById, check: CheckCondition, add: Report): void => {
  const after = form.after;
  const many = Array.isArray(after);
  ([] as AfterConfig[]).concat(after ?? []).forEach((rule, k) => {
    const path = many ? `after[${k}]` : 'after';
    if (rule.when) check(rule.when, `${path}.when`, form.steps.length);
    const url = (where: string, value: string | undefined) => {
      if (value !== undefined && !HTTP_URL.test(value)) add(`${path}.${where}`, 'invalid_redirect', { value });
    };
    url('redirect', rule.redirect);
    url('booking.url', rule.booking?.url);
    const params = rule.booking?.params ?? {};
    for (const param of recordKeys(params)) {
      const id = params[param]!;
      if (!fields.has(id)) add(formatPath(['after', ...(many ? [k] : []), 'booking', 'params', param]), 'unknown_field', { id, ids: [...fields.keys()] });
    }
  });
};
