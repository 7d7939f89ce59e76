import type { Store } from "../store/store.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { inProject } from "../engine/run-context.js";
import type { OpenedProject } from "./open-project.js";

export interface Downstream {
  /** Instances of every recorded consumer, transitively, in no particular order. */
  readonly instances: AnyTaskInstance[];
  /** Recorded consumers this project can no longer build (task renamed or removed), by id. */
  readonly unknown: string[];
}

/**
 * Why recorded consumers were left out, for a note: the project's modules export no task that builds
 * them. Often they were never exported (an intermediate step) rather than removed.
 */
export function whyConsumersUnknown(unknown: readonly string[]): string {
  const them = unknown.length === 1 ? "it" : "them";
  return `this project's modules export no task that builds ${them} (renamed, removed, or never exported; export the task to include ${them})`;
}

/**
 * What depends on the given tasks, from the inputs recorded when tasks ran (the store knows
 * which outputs each task consumed), rebuilt as task instances of this project.
 */
export async function findDownstream(store: Store, project: OpenedProject, rootIds: readonly string[]): Promise<Downstream> {
  const seen = new Set(rootIds);
  const instances: AnyTaskInstance[] = [];
  const unknown: string[] = [];
  let frontier = [...rootIds];
  while (frontier.length > 0) {
    const consumers = await store.listConsumers(frontier);
    frontier = [];
    for (const record of consumers) {
      if (seen.has(record.taskId)) continue;
      seen.add(record.taskId);
      frontier.push(record.taskId);
      const factory = project.registry.has(record.taskName) ? project.registry.get(record.taskName) : undefined;
      const instance = factory
        ? inProject({ projectRoot: project.root, params: project.config.params ?? {} }, () => {
            try {
              return factory(record.params as Record<string, unknown>);
            } catch {
              return undefined; // its parameters changed since: it is not this task any more
            }
          })
        : undefined;
      if (instance && instance.id === record.taskId) instances.push(instance);
      else unknown.push(record.taskId);
    }
  }
  return { instances, unknown };
}
