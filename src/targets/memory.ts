import { PipewrightError } from "../errors.js";
import type { DataTarget, DataWriter, PendingWrite } from "./target.js";
import type { MaybePromise } from "../util/maybe-promise.js";
import type { BulkExistence } from "./bulk-existence.js";
import type { MemoryBucket } from "./memory-bucket.js";
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
  return new MemoryTargetImpl<T>(key);
}

// A class for the same reason as localFile's: methods on the prototype cost nothing per target.
class MemoryTargetImpl<T> implements MemoryTarget<T> {
  readonly kind = "memory" as const;
  readonly location: string;

  constructor(readonly key: string) {
    this.location = `memory:${key}`;
    Object.freeze(this);
  }

  get bulkExistence(): BulkExistence {
    return bucketLookup;
  }

  async exists(): Promise<boolean> {
    return currentWorkspace().memory.has(this.key);
  }

  async read(): Promise<T> {
    const bucket = currentWorkspace().memory;
    if (!bucket.has(this.key)) {
      throw new PipewrightError("target_error", `${this.location} holds nothing in this workspace: the task that produces it has not run here. Run that task first.`, {
        context: { location: this.location },
      });
    }
    return bucket.get(this.key) as T;
  }

  async remove(): Promise<void> {
    currentWorkspace().memory.delete(this.key);
  }

  beginWrite(): PendingWrite<DataWriter<T>> {
    // The bucket is fixed when the write begins, as a file target fixes its folder.
    return new MemoryWrite<T>(this.key, this.location, currentWorkspace().memory);
  }
}

/**
 * Existence of many memory targets at once: a lookup each in the current workspace's bucket,
 * without a promise per target (a graph walk checks every output). One key: a walk runs in one
 * workspace.
 */
const bucketLookup: BulkExistence = {
  key: () => "bucket",
  async snapshot() {
    const bucket = currentWorkspace().memory;
    return (target) => bucket.has((target as MemoryTargetImpl<unknown>).key);
  },
};

/** One write of a memory target: held here until committed into the bucket. A class: one object per write, not five closures. */
class MemoryWrite<T> implements PendingWrite<DataWriter<T>> {
  readonly writer: DataWriter<T>;
  #pending: { readonly value: T } | undefined;
  #state: "open" | "committed" | "aborted" = "open";

  constructor(
    private readonly key: string,
    private readonly location: string,
    private readonly bucket: MemoryBucket,
  ) {
    this.writer = Object.freeze({
      write: async (data: T): Promise<void> => {
        this.#pending = { value: data };
      },
    });
  }

  isWritten(): boolean {
    return this.#pending !== undefined;
  }

  /** At once when it succeeds; a misuse is a rejected promise, like any target's failed commit. */
  commit(): MaybePromise<void> {
    const { location } = this;
    if (this.#state !== "open") {
      return Promise.reject(new PipewrightError("target_error", `Cannot commit ${location} twice or after abort. Begin a new write instead.`, { context: { location } }));
    }
    if (this.#pending === undefined) {
      return Promise.reject(
        new PipewrightError("target_error", `Nothing was written for ${location}, so there is nothing to commit. Write the output before the task finishes.`, {
          context: { location },
        }),
      );
    }
    this.bucket.set(this.key, this.#pending.value);
    this.#state = "committed";
  }

  async abort(): Promise<void> {
    if (this.#state === "open") this.#state = "aborted";
    this.#pending = undefined;
  }
}
