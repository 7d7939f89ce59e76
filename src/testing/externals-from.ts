import { resolve } from "node:path";
import { PipewrightError } from "../errors.js";
import { isDataTarget, isTarget, type Target } from "../targets/target.js";
import { MemoryBucket, withWorkspace } from "../targets/workspace.js";
import { keyedItemsOf } from "../task/shape.js";
import { kindOf } from "../task/task.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { replaceRun, writeOutputs } from "./stub.js";

/**
 * For a sandboxed run on a project's sample data: replaces each external task (data made
 * outside the pipeline) by one that copies its data from the project folder into the sandbox.
 * Returns undefined for other tasks.
 */
export function copyExternalsFrom(projectRoot: string): (instance: AnyTaskInstance) => AnyTaskInstance | undefined {
  const root = resolve(projectRoot);
  return (instance) => {
    if (kindOf(instance.definition) !== "external") return undefined;
    return replaceRun(instance, async ({ output }) => {
      const shape = instance.output() as Target | readonly Target[] | Record<string, Target> | undefined;
      const data = await withWorkspace({ root, memory: new MemoryBucket() }, async () => {
        const values: Record<string, unknown> = {};
        for (const [key, target] of keyedItemsOf(shape, isTarget)) {
          if (!isDataTarget(target)) continue;
          if (!(await target.exists())) {
            throw new PipewrightError(
              "missing_input",
              `${instance.id} is an external input and ${target.location} is not in ${root}. Put the sample data there, or give it to the test with files or a stub.`,
              { context: { taskId: instance.id, location: target.location } },
            );
          }
          values[key] = await target.read();
        }
        return values;
      });
      await writeOutputs(instance, output, isTarget(shape) ? data[""] : data, `${instance.id} (copied from ${root})`);
    });
  };
}
