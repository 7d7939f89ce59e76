import { PipewrightError } from "../errors.js";
import { isTaskInstance, type AnyTaskInstance, type RequiresShape } from "./task-types.js";

/**
 * The task instances a `require(...)` call inside `run` asked for (one, a list, or a named map),
 * or a `bad_usage` error naming the task when anything else was passed (a factory not called, say).
 */
export function requiredInstances(requester: string, requirements: RequiresShape): AnyTaskInstance[] {
  const items: unknown[] =
    requirements === undefined || requirements === null
      ? [undefined]
      : isTaskInstance(requirements)
        ? [requirements]
        : Array.isArray(requirements)
          ? requirements
          : Object.values(requirements);
  if (!items.every(isTaskInstance)) {
    const factory = items.some((item) => typeof item === "function") ? " It looks like a task factory: call it with parameters, e.g. clean({ date })." : "";
    throw new PipewrightError(
      "bad_usage",
      `${requester} called require() with something that is not a task instance.${factory} Pass a task instance, a list, or a named map of them.`,
      { context: { taskId: requester } },
    );
  }
  return items as AnyTaskInstance[];
}
