import type { FieldsById } from '../schema/checks/check-fields.js';
import type { Report } from '../schema/problem.js';

/**
 * Cycles among same-step field conditions (`dependsOn`: field id → the same-step fields its
 * condition reads): depth first, each reported once, where it closes.
 */
export const checkCycles = (dependsOn: Map<string, string[]>, fields: FieldsById, add: Report): void => {
  const open: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): void => {
    open.push(id);
    for (const dep of dependsOn.get(id) ?? []) {
      if (open.includes(dep)) add(`${fields.get(id)!.path}.when`, 'condition_cycle', { loop: [...open.slice(open.indexOf(dep)), dep] });
      else if (!done.has(dep)) visit(dep);
    }
    done.add(open.pop()!);
  };
  for (const id of dependsOn.keys()) if (!done.has(id)) visit(id);
};
