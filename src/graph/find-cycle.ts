/**
 * Finds a dependency cycle with an iterative depth-first search (graphs can be deep enough to
 * overflow the stack with recursion). Returns the ids along the cycle, first id repeated at the
 * end, or `undefined`. Also returns a dependency-first order of every node reached.
 */
export function findCycle(
  roots: readonly string[],
  depsOf: (id: string) => readonly string[],
): { readonly cycle: readonly string[] | undefined; readonly order: readonly string[] } {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: finished
  const order: string[] = [];
  for (const root of roots) {
    if (state.has(root)) continue;
    // Each frame keeps its task's requirements: one lookup per task, not one per edge step.
    const stack: Array<{ id: string; deps: readonly string[]; next: number }> = [{ id: root, deps: depsOf(root), next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const deps = frame.deps;
      if (frame.next < deps.length) {
        const dep = deps[frame.next++]!;
        const seen = state.get(dep);
        if (seen === 1) {
          const start = stack.findIndex((f) => f.id === dep);
          return { cycle: [...stack.slice(start).map((f) => f.id), dep], order };
        }
        if (seen === undefined) {
          state.set(dep, 1);
          stack.push({ id: dep, deps: depsOf(dep), next: 0 });
        }
      } else {
        state.set(frame.id, 2);
        order.push(frame.id);
        stack.pop();
      }
    }
  }
  return { cycle: undefined, order };
}
