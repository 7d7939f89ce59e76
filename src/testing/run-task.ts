import { mkdir } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { defaultSeed } from "../engine/build.js";
import { inProject } from "../engine/run-context.js";
import { PipewrightError } from "../errors.js";
import { isDataTarget, isTarget, type Target } from "../targets/target.js";
import { MemoryBucket } from "../targets/workspace.js";
import type { ParamDefaults } from "../task/param-defaults.js";
import { keyedItemsOf, mapShape } from "../task/shape.js";
import { requiredInstances } from "../task/required-instances.js";
import { isTaskInstance, type AnyTaskInstance, type RequiresShape } from "../task/task-types.js";
import { seededRandom } from "../util/seeded-random.js";
import { runAttempt } from "../worker/run-attempt.js";
import { createTaskLogger } from "../worker/task-logger.js";
import { capturable, captureWrites } from "./capture-writes.js";
import type { InputData, LogEntry, OutputData, RequireAnswers } from "./data-types.js";
import { toClock, type ClockInput } from "./fake-clock.js";
import { givenOutputs, type Given } from "./given-target.js";
import { ScratchDir } from "./scratch-dir.js";

/** The seed `runTask` and `runPipeline` use unless told otherwise: the same as `build()`'s, so tests draw the numbers real runs draw. */
export { defaultSeed };

export interface RunTaskOptions<I> {
  /** The data of what the task requires, shaped like its `requires`: one value, a list, or `{ key: data }`. */
  readonly inputs?: InputData<I>;
  /** Answers dynamic requirements (`await require(...)` in `run`), and static ones not given in `inputs`. */
  readonly require?: RequireAnswers;
  /** Configured parameter defaults (as in the config's `params`), applied to the tasks `requires` creates. */
  readonly params?: ParamDefaults;
  /** The clock `run` sees as `now()` (default: fixed at 2024-01-01T00:00:00Z). */
  readonly now?: ClockInput;
  /** Seeds `random()` in `run` (default "pipewright", as `build()`). */
  readonly seed?: string;
  /** The attempt number `run` sees (default 1), to test retry paths. */
  readonly attempt?: number;
  readonly signal?: AbortSignal;
  /**
   * A folder for outputs kept as files (directories, targets without a format); relative target
   * paths resolve in it and it is left in place. Needed only for such outputs.
   */
  readonly dir?: string;
}

export interface TaskRun<I> {
  /** The data `run` wrote, shaped like the task's `output`. */
  readonly outputs: OutputData<I>;
  /** What `run` logged, in order. */
  readonly logs: readonly LogEntry[];
  readonly durationMs: number;
}

/**
 * Runs exactly one task's `run`, with its requirements replaced by the data given, and returns
 * the data it wrote, in memory. Nothing else runs; no store, no process pool; the disk is used
 * only if the task saves to `output.path` (a temporary folder, removed afterwards).
 * A failing `run` rejects with its own error; a missing output with the engine's `missing_output`.
 *
 * @example
 * const { outputs } = await runTask(regionTotals({ date: "2024-01-01" }), {
 *   inputs: [{ orderId: 1, region: "east", product: "pen", quantity: 2, unitPrice: 1.5 }],
 * });
 * expect(outputs).toEqual({ east: 3 });
 */
export async function runTask<I extends AnyTaskInstance>(instance: I, options: RunTaskOptions<I> = {}): Promise<TaskRun<I>> {
  if (!isTaskInstance(instance)) {
    const hint = typeof instance === "function" ? " It looks like a task factory: call it with parameters first, e.g. runTask(total({ n: 3 }))." : "";
    throw new PipewrightError("bad_usage", `runTask() takes a task instance.${hint}`);
  }
  if (!instance.definition.run) {
    const what = instance.definition.output ? "an external task (its data is made outside the pipeline)" : "a wrapper task (it only requires others)";
    throw new PipewrightError("bad_usage", `${instance.id} is ${what}: it has no run() to test. Test the tasks that read or produce its data instead.`);
  }
  const scratch = new ScratchDir();
  const captured = new Map<string, unknown>();
  const logs: LogEntry[] = [];
  const clock = toClock(options.now);
  const project = { projectRoot: options.dir ?? scratch.path, memory: new MemoryBucket(), params: options.params ?? {} };
  // A given folder may not exist yet: a command task's working folder must.
  if (options.dir !== undefined) await mkdir(options.dir, { recursive: true });
  try {
    return await inProject(project, async () => {
      const outputs = instance.output() as Target | readonly Target[] | Record<string, Target> | undefined;
      if (options.dir === undefined) checkCapturable(instance, outputs);
      const answer = answerer(instance, options);
      const input = mapShape(instance.requires(), isTaskInstance, (dep, key) => givenOutputs(dep, staticInput(instance, options, dep, key, answer), scratch));
      const started = performance.now();
      await runAttempt(
        instance,
        {
          input,
          require: async (requirements: RequiresShape) => dynamicInputs(instance, requirements, answer, scratch),
          log: createTaskLogger((level, message) => logs.push({ level, message })),
          attempt: options.attempt ?? 1,
          signal: options.signal ?? new AbortController().signal,
          random: seededRandom(`${options.seed ?? defaultSeed}:${instance.id}`),
          now: () => new Date(clock()),
        },
        { beginWrite: captureWrites(scratch, captured) },
      );
      const durationMs = performance.now() - started;
      const data = mapShape(outputs, isTarget, (target, key) => (captured.has(key) ? captured.get(key) : target));
      return { outputs: data as OutputData<I>, logs, durationMs };
    });
  } finally {
    await scratch.remove();
  }
}

function checkCapturable(instance: AnyTaskInstance, outputs: unknown): void {
  for (const [, target] of keyedItemsOf(outputs as Target | readonly Target[] | Record<string, Target>, isTarget)) {
    if (isDataTarget(target) && !capturable(target)) {
      throw new PipewrightError(
        "bad_usage",
        `runTask(${instance.id}): output ${target.location} (${target.kind}) is kept as files, so it needs a folder that outlives runTask. ` +
          `Pass { dir } (e.g. a temporary folder your test removes); its path is then the output's data.`,
      );
    }
  }
}

type Answer = (dep: AnyTaskInstance) => { readonly data: unknown } | undefined;

function answerer(instance: AnyTaskInstance, options: RunTaskOptions<unknown>): Answer {
  const given = options.require;
  if (given === undefined) return () => undefined;
  if (typeof given === "function") {
    return (dep) => {
      const data = given(dep);
      return data === undefined ? undefined : { data };
    };
  }
  if (typeof given !== "object" || given === null) {
    throw new PipewrightError("bad_usage", `runTask(${instance.id}): require must be a function of the required task or a map from task id to data.`);
  }
  return (dep) => (Object.hasOwn(given, dep.id) ? { data: given[dep.id] } : undefined);
}

function staticInput(instance: AnyTaskInstance, options: RunTaskOptions<unknown>, dep: AnyTaskInstance, key: string, answer: Answer): Given {
  const inputs = options.inputs as Record<string, unknown> | undefined;
  if (inputs !== undefined && inputs !== null) {
    const data = key === "" ? inputs : inputs[key];
    if (data !== undefined) return { data };
  }
  const answered = answer(dep);
  if (answered) return answered;
  const where = key === "" ? "inputs: <its data>" : /^\d+$/.test(key) ? `inputs: [...] (item ${key})` : `inputs: { ${key}: <its data> }`;
  return {
    missing: `runTask(${instance.id}): no data was given for its requirement ${dep.id}. Pass it as ${where}, or as require: { "${dep.id}": <its data> }.`,
  };
}

async function dynamicInputs(instance: AnyTaskInstance, requirements: RequiresShape, answer: Answer, scratch: ScratchDir): Promise<unknown> {
  requiredInstances(instance.id, requirements);
  return mapShape(requirements, isTaskInstance, (dep) => {
    const answered = answer(dep);
    if (!answered) {
      throw new PipewrightError(
        "bad_usage",
        `${instance.id} required ${dep.id} while running. runTask answers dynamic requirements from its require option: require: { "${dep.id}": <its data> } or require: (task) => <data>.`,
        { context: { taskId: instance.id, required: dep.id } },
      );
    }
    return givenOutputs(dep, answered, scratch);
  });
}
