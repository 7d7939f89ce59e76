import { requiredInstances } from "../../task/required-instances.js";
import type { LogLevel } from "../../engine/events.js";
import { PipewrightError } from "../../errors.js";
import { isTarget, type Target } from "../../targets/target.js";
import { MemoryBucket, withWorkspace } from "../../targets/workspace.js";
import { withParamDefaults, type ParamDefaults } from "../../task/param-defaults.js";
import { itemsOf, mapShape } from "../../task/shape.js";
import { isTaskInstance, type AnyTaskInstance, type RequiresShape } from "../../task/task-types.js";
import { seededRandom } from "../../util/seeded-random.js";
import { runAttempt } from "../run-attempt.js";
import { createTaskLogger } from "../task-logger.js";
import type { PoolAttemptRequest, TaskRef } from "./pool-types.js";
import { instanceFromRef, taskRefOf, type TaskLookup } from "./task-ref.js";

/** What the child knows of the project: the same settings the scheduler's process runs tasks with. */
export interface ChildProject {
  readonly tasks: TaskLookup;
  readonly projectRoot: string;
  readonly paramDefaults: ParamDefaults;
  readonly fsync: boolean;
}

/** How an attempt talks to the parent. */
export interface ChildChannel {
  log(level: LogLevel, message: string): void;
  /** Asks the parent to build these tasks; resolves once they are complete. */
  require(requirements: readonly TaskRef[]): Promise<void>;
}

// Memory targets are per process: a child never sees what the scheduler's process holds.
const memory = new MemoryBucket();

/**
 * Runs one attempt in the child as `executeTask` would inline: the instance rebuilt from its
 * factory, `input` from its requirements' outputs, `require` answered by the parent, and the
 * outputs written transactionally by `runAttempt`. Throws the attempt's failure.
 */
export async function runChildAttempt(project: ChildProject, request: Omit<PoolAttemptRequest, "timeoutMs">, channel: ChildChannel, signal: AbortSignal): Promise<void> {
  await withWorkspace({ root: project.projectRoot, memory, fsync: project.fsync }, () =>
    withParamDefaults(project.paramDefaults, async () => {
      const instance = instanceFromRef(project.tasks, request);
      const requirements = itemsOf(instance.requires(), isTaskInstance);
      for (const task of [instance, ...requirements]) refuseMemoryTargets(instance.id, task);
      await runAttempt(instance, {
        input: mapShape(instance.requires(), isTaskInstance, (dep) => dep.output()),
        require: (shape) => requireFromParent(instance.id, shape, channel),
        log: createTaskLogger((level, message) => channel.log(level, message)),
        attempt: request.attempt,
        signal,
        // The same draws as inline (see executeTask): a retry must not change the result.
        random: seededRandom(`${request.seed}:${instance.id}`),
        now: () => new Date(),
      });
    }),
  );
}

/** `await require(...)` in a child: the parent schedules the tasks; their outputs are read here. */
async function requireFromParent(requester: string, requirements: RequiresShape, channel: ChildChannel): Promise<unknown> {
  const instances = requiredInstances(requester, requirements);
  for (const task of instances) refuseMemoryTargets(requester, task);
  await channel.require(instances.map(taskRefOf));
  return mapShape(requirements, isTaskInstance, (dep) => dep.output());
}

/** A memory target written in one process is empty in another: say so rather than fail later. */
function refuseMemoryTargets(taskId: string, task: AnyTaskInstance): void {
  const found = itemsOf(task.output() as Target | readonly Target[] | Record<string, Target> | undefined, isTarget).find((t) => t.kind === "memory");
  if (!found) return;
  const whose = task.id === taskId ? "it writes" : `it reads ${task.id}'s output`;
  throw new PipewrightError(
    "bad_usage",
    `${taskId} cannot run in a worker process: ${whose} ${found.location}, and memory targets live in one process. ` +
      `Run it in the scheduler's process (inline), or use a file target.`,
    { context: { taskId, location: found.location } },
  );
}
