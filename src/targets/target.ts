import type { Format } from "../formats/format.js";
import type { MaybePromise } from "../util/maybe-promise.js";
import type { BulkExistence } from "./bulk-existence.js";

/**
 * Where a task's output lives. A target needs only `exists()`; everything else is optional and
 * the engine falls back around it. `location` names the data in messages (a path, a key).
 */
export interface Target {
  readonly kind: string;
  readonly location: string;
  exists(): Promise<boolean>;
  /** Remove the data; used to invalidate outputs. */
  remove?(): Promise<void>;
  /** Answers `exists()` for many targets of this kind at once (one folder listing for many files). */
  readonly bulkExistence?: BulkExistence;
}

/**
 * A target the engine can read and write. Writes are transactional: the task writes through
 * `writer` (to a temporary place) and nothing appears at `location` until `commit()`.
 * `W` is what `run` sees as its output handle.
 */
export interface DataTarget<T, W = DataWriter<T>> extends Target {
  readonly format?: Format<T>;
  read(): Promise<T>;
  /** May answer at once (a plain value) or later (a promise). */
  beginWrite(): MaybePromise<PendingWrite<W>>;
}

/** The handle `run` writes an output through. */
export interface DataWriter<T> {
  /** Encode `data` and write it; visible at the final location only once the task succeeds. */
  write(data: T): Promise<void>;
}

/** A file output's handle: also offers the temporary path, for libraries that save to a path. */
export interface FileWriter<T> extends DataWriter<T> {
  /** A temporary path in the same folder as the final one; renamed into place on success. */
  readonly path: string;
}

/**
 * One output being written. The engine commits it after `run` resolves, or aborts it.
 * `isWritten` and `commit` may answer at once (a plain value) or later (a promise).
 */
export interface PendingWrite<W> {
  readonly writer: W;
  /** Whether the task wrote anything (a `run` that writes nothing to a declared output fails). */
  isWritten(): MaybePromise<boolean>;
  commit(): MaybePromise<void>;
  abort(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest data target, for constraints only
export type AnyDataTarget = DataTarget<any, any>;

/** The data a target holds. */
export type DataOf<Tgt> = Tgt extends DataTarget<infer T, unknown> ? T : never;
/** The handle `run` gets for a target. */
export type WriterOf<Tgt> = Tgt extends DataTarget<unknown, infer W> ? W : never;

/** Brand check that works across copies of the library. */
export function isTarget(value: unknown): value is Target {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Target).exists === "function" &&
    typeof (value as Target).location === "string" &&
    typeof (value as Target).kind === "string"
  );
}

export function isDataTarget(value: unknown): value is AnyDataTarget {
  return isTarget(value) && typeof (value as AnyDataTarget).read === "function" && typeof (value as AnyDataTarget).beginWrite === "function";
}
