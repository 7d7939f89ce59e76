/** What the search needs of a node: its requirements, and a field it may write its progress in. */
export interface SearchNode {
  readonly id: string;
  readonly deps: readonly string[];
  /** @internal The search's mark (see findCycle); starts at 0. */
  searchMark: number;
}

// Each search marks nodes with numbers of its own, so no node needs resetting between searches
// and no map of states is kept: a 100,000-task graph otherwise spends tens of ms in it.
let searches = 0;

/**
 * Finds a dependency cycle with an iterative depth-first search (graphs can be deep enough to
 * overflow the stack with recursion). Returns the ids along the cycle, first id repeated at the
 * end, or `undefined`. Also returns a dependency-first order of every node reached. Ids that
 * `nodeOf` does not know, and nodes `skip` names, are left out.
 */
export function findCycle<N extends SearchNode>(
  roots: readonly string[],
  nodeOf: (id: string) => N | undefined,
  /** Nodes known to be on no cycle with what the search looks at: not entered, not in `order`. */
  skip?: (node: N) => boolean,
): { readonly cycle: readonly string[] | undefined; readonly order: readonly string[] } {
  searches++;
  const onPath = searches * 2;
  const finished = onPath + 1;
  const order: string[] = [];
  for (const rootId of roots) {
    const root = nodeOf(rootId);
    if (root === undefined || root.searchMark === onPath || root.searchMark === finished) continue;
    const stack: Array<{ node: N; next: number }> = [{ node: root, next: 0 }];
    root.searchMark = onPath;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = frame.node.deps;
      if (frame.next < deps.length) {
        const dep = nodeOf(deps[frame.next++]!);
        if (dep === undefined || skip?.(dep)) continue;
        if (dep.searchMark === onPath) {
          const start = stack.findIndex((f) => f.node === dep);
          return { cycle: [...stack.slice(start).map((f) => f.node.id), dep.id], order };
        }
        if (dep.searchMark !== finished) {
          dep.searchMark = onPath;
          stack.push({ node: dep, next: 0 });
        }
      } else {
        frame.node.searchMark = finished;
        order.push(frame.node.id);
        stack.pop();
      }
    }
  }
  return { cycle: undefined, order };
}
