import { PipewrightError } from "../errors.js";
import { checkComplete } from "../graph/completeness.js";
import { isDataTarget, isTarget, type DataTarget, type Target } from "../targets/target.js";
import { mapShapeAsync } from "../task/shape.js";
import type { AnyTaskInstance, OutputOf } from "../task/task-types.js";
import { describeIncompleteness } from "./reasons.js";
import { asInstances, inProject, type ProjectOptions } from "./run-context.js";

/** The data of each output: a data target becomes what it holds; other targets stay as they are. */
export type LoadedData<Out> = Out extends DataTarget<infer T, unknown>
  ? T
  : Out extends Target
    ? Out
    : Out extends readonly unknown[]
      ? { readonly [K in keyof Out]: LoadedData<Out[K]> }
      : Out extends { readonly [key: string]: Target }
        ? { readonly [K in keyof Out]: LoadedData<Out[K]> }
        : undefined;

/**
 * Reads a completed task's outputs, so a notebook or script can pick up where the pipeline
 * left off. Throws `not_complete` (saying what is missing) when the task has not been built.
 *
 * @example
 * const rows = await load(features({ date: "2024-01-01" })); // typed from features' output
 */
export async function load<I extends AnyTaskInstance>(instance: I, options: ProjectOptions = {}): Promise<LoadedData<OutputOf<I>>> {
  const [task] = asInstances(instance, "load");
  return inProject(options, async () => {
    const state = await checkComplete(task!);
    if (!state.complete) {
      throw new PipewrightError(
        "not_complete",
        `${task!.id} is not complete (${describeIncompleteness(state)}). Build it first: pipewright run ${task!.name}, or build(${task!.name}(...)) in code.`,
        { context: { taskId: task!.id } },
      );
    }
    const outputs = task!.output() as Target | readonly Target[] | Record<string, Target> | undefined;
    return (await mapShapeAsync(outputs, isTarget, async (target) => (isDataTarget(target) ? target.read() : target))) as LoadedData<OutputOf<I>>;
  });
}
