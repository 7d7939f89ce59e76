import { PipewrightError } from "../errors.js";
import type { AnyTaskInstance, RequiresShape, TaskLogger } from "../task/task-types.js";
import { isPromise } from "../util/maybe-promise.js";
import { openOutputs, type BeginWrite } from "./open-outputs.js";

export interface AttemptContext {
  readonly input: unknown;
  readonly require: (requirements: RequiresShape) => Promise<unknown>;
  readonly log: TaskLogger;
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly random: () => number;
  readonly now: () => Date;
}

export interface AttemptOptions {
  /** How outputs are opened for writing; by default each target's own `beginWrite()`. */
  readonly beginWrite?: BeginWrite;
}

/**
 * Runs one attempt of a task with transactional outputs: `run` writes to temporary places, and
 * only when it resolves and every declared output was written are they moved into place.
 * A throw, or a missing output, discards everything written. Throws the attempt's failure.
 */
export async function runAttempt(instance: AnyTaskInstance, context: AttemptContext, options: AttemptOptions = {}): Promise<void> {
  const run = instance.definition.run;
  if (!run) return; // a wrapper: nothing to do once its requirements are complete
  // Built-in targets open and commit at once: awaiting only real promises saves several per task.
  const opening = openOutputs(instance, options.beginWrite);
  const outputs = isPromise(opening) ? await opening : opening;
  try {
    await run({
      params: instance.params,
      input: context.input as never,
      output: outputs.handles as never,
      require: context.require as never,
      log: context.log,
      taskId: instance.id,
      attempt: context.attempt,
      signal: context.signal,
      random: context.random,
      now: context.now,
    });
    const committing = outputs.commitIfComplete();
    const missing = isPromise(committing) ? await committing : committing;
    if (missing.length > 0) {
      throw new PipewrightError(
        "missing_output",
        `${instance.id} finished without writing its output${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. ` +
          `run() must write every declared output (await output.write(data), or save to output.path).`,
        { context: { taskId: instance.id, missing } },
      );
    }
  } catch (error) {
    await outputs.abort();
    throw error;
  }
}
