import { PipewrightError } from "../errors.js";
import type { DataTarget, DataWriter, PendingWrite } from "./target.js";
import { currentWorkspace } from "./workspace.js";

/** Data kept in the current workspace's memory bucket under a key. */
export interface MemoryTarget<T> extends DataTarget<T, DataWriter<T>> {
  readonly kind: "memory";
  readonly key: string;
}

/**
 * A target held in memory, for tests and for small values passed between tasks in one process.
 * Each workspace has its own bucket, so sandboxes running at once never see each other's data.
 * Values are kept by reference, not copied.
 * @example memory<number[]>("scores")
 */
export function memory<T>(key: string): MemoryTarget<T> {
  if (typeof key !== "string" || key === "") {
    throw new PipewrightError("invalid_definition", `memory() needs a non-empty key, got ${JSON.stringify(key)}. Pass a key such as "scores".`);
  }
  const location = `memory:${key}`;
  return Object.freeze({
    kind: "memory" as const,
    location,
    key,
    exists: async (): Promise<boolean> => currentWorkspace().memory.has(key),
    async read(): Promise<T> {
      const bucket = currentWorkspace().memory;
      if (!bucket.has(key)) {
        throw new PipewrightError("target_error", `${location} holds nothing in this workspace: the task that produces it has not run here. Run that task first.`, {
          context: { location },
        });
      }
      return bucket.get(key) as T;
    },
    remove: async (): Promise<void> => {
      currentWorkspace().memory.delete(key);
    },
    async beginWrite(): Promise<PendingWrite<DataWriter<T>>> {
      // The bucket is fixed when the write begins, as a file target fixes its folder.
      const bucket = currentWorkspace().memory;
      let pending: { readonly value: T } | undefined;
      let state: "open" | "committed" | "aborted" = "open";
      return Object.freeze({
        writer: Object.freeze({
          write: async (data: T): Promise<void> => {
            pending = { value: data };
          },
        }),
        isWritten: async (): Promise<boolean> => pending !== undefined,
        async commit(): Promise<void> {
          if (state !== "open") {
            throw new PipewrightError("target_error", `Cannot commit ${location} twice or after abort. Begin a new write instead.`, { context: { location } });
          }
          if (pending === undefined) {
            throw new PipewrightError("target_error", `Nothing was written for ${location}, so there is nothing to commit. Write the output before the task finishes.`, {
              context: { location },
            });
          }
          bucket.set(key, pending.value);
          state = "committed";
        },
        async abort(): Promise<void> {
          if (state === "open") state = "aborted";
          pending = undefined;
        },
      });
    },
  });
}
