import { PipewrightError } from "../../errors.js";
import { paramsJson } from "../../task/params-json.js";
import type { AnyTaskInstance } from "../../task/task-types.js";
import type { TaskRef } from "./pool-types.js";

/** Finds task factories by name (a `TaskRegistry` from the loaded pipeline modules). */
export interface TaskLookup {
  get(name: string): (params: Readonly<Record<string, unknown>>) => AnyTaskInstance;
}

/** Names `instance` for the other side of the process boundary: every parameter in its JSON form. */
export function taskRefOf(instance: AnyTaskInstance): TaskRef {
  return { taskName: instance.name, taskId: instance.id, params: paramsJson(instance) };
}

/**
 * The instance a `TaskRef` names, rebuilt from its exported factory. Call it inside the project's
 * workspace and parameter defaults. Throws `unknown_task` for a task no module exports, and
 * `graph_error` when the rebuilt id differs (a parameter whose JSON form does not read back).
 */
export function instanceFromRef(tasks: TaskLookup, ref: TaskRef): AnyTaskInstance {
  const instance = tasks.get(ref.taskName)(ref.params);
  if (instance.id !== ref.taskId) {
    throw new PipewrightError(
      "graph_error",
      `${ref.taskId} could not be rebuilt in another process: its parameters came back as ${instance.id}. ` +
        `Check that each parameter's JSON form reads back to the same value, or run this task inline.`,
      { context: { taskId: ref.taskId, rebuiltId: instance.id } },
    );
  }
  return instance;
}
