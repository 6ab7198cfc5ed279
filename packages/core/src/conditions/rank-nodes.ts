/**
 * Orders graph nodes so each comes after the nodes it depends on (a topological
 * order), keeping document order where dependencies allow. `deps[i]` lists the
 * nodes node i depends on. A cycle (a config error) cannot be ordered: its back
 * edge is ignored, so the result is still a complete, deterministic order.
 */
export function rankNodes(deps: readonly (readonly number[])[]): number[] {
  const order: number[] = [];
  // 0 = unvisited, 1 = on the current path, 2 = placed.
  const state = new Uint8Array(deps.length);
  const visit = (i: number) => {
    if (state[i] !== 0) return; // placed, or a cycle back to the path
    state[i] = 1;
    for (const d of deps[i]!) visit(d);
    state[i] = 2;
    order.push(i);
  };
  for (let i = 0; i < deps.length; i++) visit(i);
  return order;
}
