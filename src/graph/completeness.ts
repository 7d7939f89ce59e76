import { PipewrightError, isPipewrightError, messageOf } from "../errors.js";
import { isTarget, type Target } from "../targets/target.js";
import { callUserAsync } from "../task/call-user.js";
import { itemsOf } from "../task/shape.js";
import type { AnyTaskInstance } from "../task/task-types.js";

/** Why a task is not complete: the outputs that are missing, or that it declares none. */
export type Incompleteness =
  | { readonly complete: true }
  | { readonly complete: false; readonly reason: "output_missing"; readonly missing: readonly string[] }
  | { readonly complete: false; readonly reason: "no_output" }
  | { readonly complete: false; readonly reason: "complete_false" }
  | { readonly complete: false; readonly reason: "requires_incomplete" }
  | { readonly complete: false; readonly reason: "stale"; readonly why: string }
  | { readonly complete: false; readonly reason: "forced" };

// Shared answers: a large graph holds one per task, and these carry nothing task-specific.
export const isComplete: Incompleteness = Object.freeze({ complete: true });
export const waitsForRequirements: Incompleteness = Object.freeze({ complete: false, reason: "requires_incomplete" });

/**
 * The answer for a task whose one output is missing (most tasks of a large graph on its first
 * run). Its location is read from the target when asked: a graph keeps this answer per task until
 * the task runs, and an object with a list of one location cost about 100 bytes more per task.
 */
class OneOutputMissing {
  declare readonly complete: false;
  declare readonly reason: "output_missing";
  constructor(private readonly target: Target) {}
  get missing(): readonly string[] {
    return [this.target.location];
  }
}
Object.defineProperties(OneOutputMissing.prototype, { complete: { value: false }, reason: { value: "output_missing" } });

/**
 * The answer for a task some of whose `targets` are missing (`isMissing`, asked with each target
 * and its place). The list of locations is made only for a task with several outputs.
 */
function outputsMissing(targets: readonly Target[], isMissing: (target: Target, index: number) => boolean): Incompleteness {
  if (targets.length === 1) return new OneOutputMissing(targets[0]!);
  // filter, then map: the list kept is of the exact size (a pushed-to list reserves 17 slots).
  return { complete: false, reason: "output_missing", missing: targets.filter(isMissing).map((target) => target.location) };
}

/** The locations of the outputs that do not exist (none unless the reason is a missing output). */
export function missingOutputs(state: Incompleteness): readonly string[] {
  return !state.complete && state.reason === "output_missing" ? state.missing : [];
}

/** The targets a task declares, flattened. */
export function outputTargets(instance: AnyTaskInstance): Target[] {
  return itemsOf(instance.output() as Target | undefined, isTarget);
}

/** Whether one of the task's outputs lives in this process's memory. No list made for a single output: asked per task. */
export function hasMemoryOutput(instance: AnyTaskInstance): boolean {
  const output = instance.output() as Target | undefined;
  if (output === undefined || output === null) return false;
  if (isTarget(output)) return output.kind === "memory";
  return outputTargets(instance).some((target) => target.kind === "memory");
}

/**
 * Whether a task is complete, without looking at its requirements (wrapper tasks are settled
 * by the graph walk from their requirements). A failing `exists()` is reported with the task and
 * the target named, keeping the cause.
 */
export async function checkComplete(instance: AnyTaskInstance, known?: ReadonlyMap<Target, boolean>): Promise<Incompleteness> {
  const definition = instance.definition;
  if (definition.complete) {
    const done = await callUserAsync(instance.id, "complete()", () => definition.complete!({ params: instance.params, output: instance.output() }));
    return done ? isComplete : { complete: false, reason: "complete_false" };
  }
  const targets = outputTargets(instance);
  if (targets.length === 0) return definition.run ? { complete: false, reason: "no_output" } : waitsForRequirements;
  const exists = await Promise.all(targets.map((target) => known?.get(target) ?? targetExists(instance.id, target)));
  return exists.every(Boolean) ? isComplete : outputsMissing(targets, (_, index) => !exists[index]);
}

/**
 * The same answer as `checkComplete`, when every output's existence is already `known` (from a
 * bulk check) and the task has no `complete()` of its own; undefined otherwise.
 */
export function knownCompleteness(instance: AnyTaskInstance, known: ReadonlyMap<Target, boolean>): Incompleteness | undefined {
  const definition = instance.definition;
  if (definition.complete || known.size === 0) return undefined;
  const targets = outputTargets(instance);
  if (targets.length === 0) return undefined;
  let anyMissing = false;
  for (const target of targets) {
    const exists = known.get(target);
    if (exists === undefined) return undefined;
    if (!exists) anyMissing = true;
  }
  return anyMissing ? outputsMissing(targets, (target) => known.get(target) === false) : isComplete;
}

export async function targetExists(taskId: string, target: Target): Promise<boolean> {
  try {
    return await target.exists();
  } catch (error) {
    if (isPipewrightError(error)) throw error;
    throw new PipewrightError("target_error", `Could not check whether ${target.location} (output of ${taskId}) exists: ${messageOf(error)}`, {
      cause: error,
      context: { taskId, target: target.location },
    });
  }
}
