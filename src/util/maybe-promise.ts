/**
 * A value now, or later. Built-in targets answer most steps of a write at once; awaiting a
 * value that is already there still costs a promise and a turn of the microtask queue, and a
 * run makes several such steps per task.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
