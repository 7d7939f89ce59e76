import type { AnyTaskInstance } from "./task-types.js";

/**
 * Internal: an instance made by `task()` can swap the requirements it remembers for the graph's
 * own instances of the same tasks. `requires()` returns fresh instances each time it is
 * declared, so in a graph where many tasks require one task, each kept its own copy (with its
 * own outputs once asked): sharing the graph's copy keeps one per task.
 */
export const shareRequirements = Symbol("pipewright.shareRequirements");

export interface SharesRequirements {
  [shareRequirements](canonical: (dep: AnyTaskInstance) => AnyTaskInstance): void;
}

/** Points `instance`'s remembered requirements at `canonical(dep)`, when the instance supports it. */
export function useSharedRequirements(instance: AnyTaskInstance, canonical: (dep: AnyTaskInstance) => AnyTaskInstance): void {
  const own = (instance as Partial<SharesRequirements>)[shareRequirements];
  if (typeof own === "function") own.call(instance, canonical);
}

