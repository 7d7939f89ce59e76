import { PipewrightError } from "../errors.js";
import { isDataTarget, isTarget, type AnyDataTarget, type PendingWrite, type Target } from "../targets/target.js";
import { keyedItemsOf, mapShape } from "../task/shape.js";
import type { AnyTaskInstance } from "../task/task-types.js";

/** A task's outputs opened for one attempt: the handles `run` writes through, and the transaction. */
export interface OpenOutputs {
  /** Mirrors the shape `output()` returned: writers for data targets, the target itself otherwise. */
  readonly handles: unknown;
  /** Moves every output into place if the attempt wrote them all; otherwise returns the locations it did not write, and moves none. */
  commitIfComplete(): Promise<string[]>;
  /** Discards whatever was written. Never throws. */
  abort(): Promise<void>;
}

/**
 * Starts the write of one data output (`key`: its place in the output shape). The default is the
 * target's own `beginWrite()`; `pipewright/testing` passes one that keeps the data in memory.
 */
export type BeginWrite = (target: AnyDataTarget, key: string) => Promise<PendingWrite<unknown>>;

const targetsOwnWrite: BeginWrite = (target) => target.beginWrite();

/** Opens every declared output of a task for a transactional write. */
export async function openOutputs(instance: AnyTaskInstance, beginWrite: BeginWrite = targetsOwnWrite): Promise<OpenOutputs> {
  const shape = instance.output() as Target | readonly Target[] | Record<string, Target> | undefined;
  const items = keyedItemsOf(shape, isTarget);
  const pending = new Map<string, PendingWrite<unknown>>();
  try {
    for (const [key, target] of items) if (isDataTarget(target)) pending.set(key, await beginWrite(target, key));
  } catch (error) {
    await Promise.all([...pending.values()].map((p) => p.abort().catch(() => undefined)));
    throw new PipewrightError("target_error", `Could not prepare the outputs of ${instance.id}: ${(error as Error).message}`, {
      cause: error,
      context: { taskId: instance.id },
    });
  }
  const handles = mapShape(shape, isTarget, (target, key) => pending.get(key)?.writer ?? target);
  return {
    handles,
    // One step rather than "which are missing?" then "commit": a promise less per task.
    async commitIfComplete() {
      const missing: string[] = [];
      for (const [key, target] of items) {
        const write = pending.get(key);
        const written = write ? await write.isWritten() : await target.exists();
        if (!written) missing.push(target.location);
      }
      if (missing.length === 0) for (const write of pending.values()) await write.commit();
      return missing;
    },
    async abort() {
      await Promise.all([...pending.values()].map((p) => p.abort().catch(() => undefined)));
    },
  };
}
