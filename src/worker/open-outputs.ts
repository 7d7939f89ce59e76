import { PipewrightError } from "../errors.js";
import { isDataTarget, isTarget, type AnyDataTarget, type PendingWrite, type Target } from "../targets/target.js";
import { keyedItemsOf, mapShape } from "../task/shape.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { isPromise, type MaybePromise } from "../util/maybe-promise.js";

/** A task's outputs opened for one attempt: the handles `run` writes through, and the transaction. */
export interface OpenOutputs {
  /** Mirrors the shape `output()` returned: writers for data targets, the target itself otherwise. */
  readonly handles: unknown;
  /** Moves every output into place if the attempt wrote them all; otherwise returns the locations it did not write, and moves none. */
  commitIfComplete(): MaybePromise<string[]>;
  /** Discards whatever was written. Never throws. */
  abort(): Promise<void>;
}

/**
 * Starts the write of one data output (`key`: its place in the output shape). The default is the
 * target's own `beginWrite()`; `pipewright/testing` passes one that keeps the data in memory.
 */
export type BeginWrite = (target: AnyDataTarget, key: string) => MaybePromise<PendingWrite<unknown>>;

const targetsOwnWrite: BeginWrite = (target) => target.beginWrite();

/**
 * Opens every declared output of a task for a transactional write. Answers at once when every
 * target does (the built-in ones, usually): no promise per step of a task's write then.
 */
export function openOutputs(instance: AnyTaskInstance, beginWrite: BeginWrite = targetsOwnWrite): MaybePromise<OpenOutputs> {
  const shape = instance.output() as OutputShape;
  return new OutputTransaction(instance.id, shape, keyedItemsOf(shape, isTarget), beginWrite).openFrom(0);
}

type OutputShape = Target | readonly Target[] | Record<string, Target> | undefined;

/**
 * One attempt's writes of a task's outputs. A class, with the writes in one array of the outputs'
 * length: a task opened its outputs through six closures and a map, and a large run opens
 * hundreds of thousands.
 */
class OutputTransaction implements OpenOutputs {
  handles: unknown;
  /** Each output's write, at its place in `items`; none for targets that are not written to (yet). */
  private readonly writes: Array<PendingWrite<unknown> | undefined>;

  constructor(
    private readonly taskId: string,
    private readonly shape: OutputShape,
    private readonly items: ReadonlyArray<readonly [string, Target]>,
    private readonly beginWrite: BeginWrite,
  ) {
    this.writes = new Array<PendingWrite<unknown> | undefined>(items.length).fill(undefined);
  }

  /** Opens the outputs from `start` on: synchronously while the targets answer at once, the rest after the first one that does not. */
  openFrom(start: number): MaybePromise<OpenOutputs> {
    const { items } = this;
    for (let index = start; index < items.length; index++) {
      const [key, target] = items[index]!;
      if (!isDataTarget(target)) continue;
      let write: MaybePromise<PendingWrite<unknown>>;
      try {
        write = this.beginWrite(target, key);
      } catch (error) {
        return this.failed(error);
      }
      if (isPromise(write)) {
        return write.then(
          (done) => {
            this.writes[index] = done;
            return this.openFrom(index + 1);
          },
          (error: unknown) => this.failed(error),
        );
      }
      this.writes[index] = write;
    }
    const { shape } = this;
    // A single output (most tasks): its writer, or the target itself if it is not written to.
    this.handles = isTarget(shape) ? (this.writeAt("")?.writer ?? shape) : mapShape(shape, isTarget, (target, key) => this.writeAt(key)?.writer ?? target);
    return this;
  }

  /** Moves every output into place if the attempt wrote them all; otherwise returns the locations it did not write, and moves none. */
  commitIfComplete(): MaybePromise<string[]> {
    return this.checkFrom(0, []);
  }

  /** Discards whatever was written. Never throws. */
  async abort(): Promise<void> {
    await Promise.all(this.writes.map((write) => write?.abort().catch(() => undefined)));
  }

  private writeAt(key: string): PendingWrite<unknown> | undefined {
    const { items } = this;
    for (let index = 0; index < items.length; index++) if (items[index]![0] === key) return this.writes[index];
    return undefined;
  }

  private async failed(error: unknown): Promise<never> {
    await this.abort();
    throw new PipewrightError("target_error", `Could not prepare the outputs of ${this.taskId}: ${(error as Error).message}`, {
      cause: error,
      context: { taskId: this.taskId },
    });
  }

  // One step rather than "which are missing?" then "commit", each answered at once when it can be.
  private checkFrom(start: number, missing: string[]): MaybePromise<string[]> {
    const { items } = this;
    for (let index = start; index < items.length; index++) {
      const target = items[index]![1];
      const write = this.writes[index];
      const written = write ? write.isWritten() : target.exists();
      if (isPromise(written)) {
        return written.then((done) => {
          if (!done) missing.push(target.location);
          return this.checkFrom(index + 1, missing);
        });
      }
      if (!written) missing.push(target.location);
    }
    return missing.length === 0 ? this.commitFrom(0, missing) : missing;
  }

  private commitFrom(start: number, missing: string[]): MaybePromise<string[]> {
    const { writes } = this;
    for (let index = start; index < writes.length; index++) {
      const done = writes[index]?.commit();
      if (isPromise(done)) return done.then(() => this.commitFrom(index + 1, missing));
    }
    return missing;
  }
}
