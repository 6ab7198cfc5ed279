import { formatPath } from '../schema/config-error.js';
import type { FieldsById, FieldsByProfileKey } from '../schema/checks/check-fields.js';
import { recordKeys } from '../schema/checks/rules.js';
import type { FormConfig } from '../schema/form-schema.js';
import type { Report } from '../schema/problem.js';

/**
 * `profiling`: the ids in `pool`, `alwaysAsk`, `urlPrefill` and `refreshAfterDays` name
 * fields, none listed twice across `pool` and `alwaysAsk`; `migrate` targets are profile
 * keys; `maxNewFields` a whole number ≥ 1 and the days above 0. `consent: 'required'`
 * needs no consent field: `Cairn.consent(true)` from the site's own banner grants it too.
 */
export const checkProfiling = (form: FormConfig, fields: FieldsById, keys: FieldsByProfileKey, add: Report): void => {
  const profiling = form.profiling;
  if (!profiling) return;
  const ids = [...fields.keys()];
  const listed = new Map<string, string>();
  const range = (path: string, value: number | undefined, min = 0) => {
    if (value !== undefined && !(min ? Number.isInteger(value) && value >= min : value > 0)) add(path, 'invalid_range', { value, min });
  };
  (['pool', 'alwaysAsk', 'urlPrefill'] as const).forEach((list) =>
    profiling[list]?.forEach((id, k) => {
      const path = `profiling.${list}[${k}]`;
      if (!fields.has(id)) return add(path, 'unknown_field', { id, ids });
      if (list === 'urlPrefill') return;
      const first = listed.get(id);
      if (first) add(path, 'duplicate_field_id', { id, at: first });
      else listed.set(id, path);
    }),
  );
  range('profiling.maxNewFields', profiling.maxNewFields, 1);
  range('profiling.retentionDays', profiling.retentionDays);
  const refresh = profiling.refreshAfterDays;
  if (typeof refresh === 'object') {
    for (const id of recordKeys(refresh)) {
      const path = formatPath(['profiling', 'refreshAfterDays', id]);
      if (fields.has(id)) range(path, refresh[id]);
      else add(path, 'unknown_field', { id, ids });
    }
  } else range('profiling.refreshAfterDays', refresh);
  const migrate = profiling.migrate ?? {};
  for (const old of recordKeys(migrate)) {
    const id = migrate[old]!;
    if (!keys.has(id)) add(formatPath(['profiling', 'migrate', old]), 'unknown_field', { id, values: [...keys.keys()] });
  }
};
