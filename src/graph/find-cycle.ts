/** What the search needs of a node: its id, and a field it may write its progress in. */
export interface SearchNode {
  readonly id: string;
  /** @internal The search's mark (see findCycle): positive numbers; the graph walk's repeat check writes negative ones. Starts at 0. */
  searchMark: number;
}

// Each search marks nodes with numbers of its own, so no node needs resetting between searches
// and no map of states is kept: a 100,000-task graph otherwise spends tens of ms in it.
let searches = 0;

/**
 * Finds a dependency cycle with an iterative depth-first search (graphs can be deep enough to
 * overflow the stack with recursion). Returns the ids along the cycle, first id repeated at the
 * end, or `undefined`. Also returns a dependency-first order of every node reached. Nodes that
 * `skip` names are left out.
 *
 * It follows node references (`requirementsOf`), not ids: looking 300,000 ids up in the map of a
 * 100,000-task graph took most of the search's 130 ms, each lookup a cache miss.
 */
export function findCycle<N extends SearchNode>(
  roots: Iterable<N>,
  requirementsOf: (node: N) => readonly N[],
  /** Nodes known to be on no cycle with what the search looks at: not entered, not in `order`. */
  skip?: (node: N) => boolean,
): { readonly cycle: readonly string[] | undefined; readonly order: N[] } {
  searches++;
  const onPath = searches * 2;
  const finished = onPath + 1;
  const order: N[] = [];
  // The path as two parallel stacks (node, next requirement to look at): no object per frame.
  const path: N[] = [];
  const nextAt: number[] = [];
  for (const root of roots) {
    if (root.searchMark === onPath || root.searchMark === finished) continue;
    path.push(root);
    nextAt.push(0);
    root.searchMark = onPath;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top]!;
      const requirements = requirementsOf(node);
      const next = nextAt[top]!;
      if (next < requirements.length) {
        nextAt[top] = next + 1;
        const dep = requirements[next]!;
        if (skip?.(dep)) continue;
        if (dep.searchMark === onPath) {
          const start = path.indexOf(dep);
          return { cycle: [...path.slice(start).map((n) => n.id), dep.id], order };
        }
        if (dep.searchMark !== finished) {
          dep.searchMark = onPath;
          path.push(dep);
          nextAt.push(0);
        }
      } else {
        node.searchMark = finished;
        order.push(node);
        path.pop();
        nextAt.pop();
      }
    }
  }
  return { cycle: undefined, order };
}
