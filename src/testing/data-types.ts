import type { LoadedData } from "../engine/load.js";
import type { AnyTaskInstance, OutputOf, RequiresShape } from "../task/task-types.js";

/**
 * The data a task's outputs hold, in the shape of its `output`: one value, a list, or a named
 * map. A data target becomes the data it holds (`json<Row[]>()` gives `Row[]`); a target that
 * holds no data (a marker) stays as it is.
 */
export type OutputData<I> = LoadedData<OutputOf<I>>;

type RequiresOf<I> = I extends { requires(): infer R } ? R : undefined;

/**
 * What `runTask` takes as `inputs`: the shape of the task's `requires`, each required task
 * replaced by its outputs' data. `requires: () => ({ clean: cleanData(...) })` takes
 * `{ clean: rows }`; a single requirement takes its data; a list takes a list.
 *
 * When the instance type does not say what it requires (the engine widens it to any
 * requirements), any value is accepted and checked when the task reads it.
 */
export type InputData<I> = InputDataOf<RequiresOf<I>>;

type InputDataOf<R> = [RequiresShape] extends [R]
  ? unknown
  : R extends AnyTaskInstance
    ? OutputData<R>
    : R extends readonly AnyTaskInstance[]
      ? { readonly [K in keyof R]: OutputData<R[K]> }
      : R extends { readonly [key: string]: AnyTaskInstance }
        ? { readonly [K in keyof R]: OutputData<R[K]> }
        : undefined;

/**
 * Data for tasks a test does not run, by task: a function of the required task (return
 * `undefined` for "not answered"; a promise of the data works for tasks that only `read()`),
 * or a map from task id to data.
 * @example { "cleanSales(date=2024-01-01)": [{ region: "east", ... }] }
 */
export type RequireAnswers =
  | ((task: AnyTaskInstance) => unknown)
  | { readonly [taskId: string]: unknown };

/** One message a task logged while a test ran it. */
export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
}
