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
  const shape = instance.output() as Target | readonly Target[] | Record<string, Target> | undefined;
  const items = keyedItemsOf(shape, isTarget);
  const pending = new Map<string, PendingWrite<unknown>>();
  const abortAll = async () => {
    await Promise.all([...pending.values()].map((p) => p.abort().catch(() => undefined)));
  };
  const failed = async (error: unknown): Promise<never> => {
    await abortAll();
    throw new PipewrightError("target_error", `Could not prepare the outputs of ${instance.id}: ${(error as Error).message}`, {
      cause: error,
      context: { taskId: instance.id },
    });
  };
  const opened = (): OpenOutputs => ({
    handles: mapShape(shape, isTarget, (target, key) => pending.get(key)?.writer ?? target),
    commitIfComplete: () => commitIfComplete(items, pending),
    abort: abortAll,
  });
  // Synchronously while the targets answer at once; the rest after the first one that does not.
  const openFrom = (start: number): MaybePromise<OpenOutputs> => {
    for (let index = start; index < items.length; index++) {
      const [key, target] = items[index]!;
      if (!isDataTarget(target)) continue;
      let write: MaybePromise<PendingWrite<unknown>>;
      try {
        write = beginWrite(target, key);
      } catch (error) {
        return failed(error);
      }
      if (isPromise(write)) {
        return write.then(
          (done) => {
            pending.set(key, done);
            return openFrom(index + 1);
          },
          failed,
        );
      }
      pending.set(key, write);
    }
    return opened();
  };
  return openFrom(0);
}

// One step rather than "which are missing?" then "commit", each answered at once when it can be.
function commitIfComplete(items: ReadonlyArray<readonly [string, Target]>, pending: ReadonlyMap<string, PendingWrite<unknown>>): MaybePromise<string[]> {
  const missing: string[] = [];
  const checkFrom = (start: number): MaybePromise<string[]> => {
    for (let index = start; index < items.length; index++) {
      const [key, target] = items[index]!;
      const write = pending.get(key);
      const written = write ? write.isWritten() : target.exists();
      if (isPromise(written)) {
        return written.then((done) => {
          if (!done) missing.push(target.location);
          return checkFrom(index + 1);
        });
      }
      if (!written) missing.push(target.location);
    }
    return missing.length === 0 ? commitFrom([...pending.values()], 0) : missing;
  };
  const commitFrom = (writes: readonly PendingWrite<unknown>[], start: number): MaybePromise<string[]> => {
    for (let index = start; index < writes.length; index++) {
      const done = writes[index]!.commit();
      if (isPromise(done)) return done.then(() => commitFrom(writes, index + 1));
    }
    return missing;
  };
  return checkFrom(0);
}
