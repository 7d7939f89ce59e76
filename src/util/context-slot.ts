import { AsyncLocalStorage } from "node:async_hooks";

/** A value that code started inside `run(value, fn)` sees, through every await and callback it starts. */
export interface ContextSlot<T> {
  run<R>(value: T, fn: () => R): R;
  get(): T | undefined;
}

type Context = { readonly [slot: symbol]: unknown };

// One AsyncLocalStorage for every slot: Node 20 runs a hook per storage on each promise made, and
// a run makes several per task. One per process, even if two copies of the library are loaded
// (a pipeline importing the package's build while a test runs its sources): both see the same.
const shared = globalThis as { [key: symbol]: unknown };
const storage = (shared[Symbol.for("pipewright.context")] ??= new AsyncLocalStorage<Context>()) as AsyncLocalStorage<Context>;

/** A slot of the async context, named so that every copy of the library finds the same one. */
export function contextSlot<T>(name: string): ContextSlot<T> {
  const key = Symbol.for(`pipewright.context.${name}`);
  return {
    run: (value, fn) => storage.run({ ...storage.getStore(), [key]: value }, fn),
    get: () => storage.getStore()?.[key] as T | undefined,
  };
}
