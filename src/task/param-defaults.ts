import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Default parameter values from configuration (`params: { features: { window: 14 } }`), applied to
 * every instance of a task created inside `withParamDefaults`, including those created by
 * `requires`. Explicit values win over these, and these over the declared defaults.
 */
export type ParamDefaults = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

// Shared by every copy of the library loaded in the process (see targets/workspace.ts).
const shared = globalThis as { [key: symbol]: unknown };
const storage = (shared[Symbol.for("pipewright.paramDefaults")] ??= new AsyncLocalStorage<ParamDefaults>()) as AsyncLocalStorage<ParamDefaults>;

export function withParamDefaults<T>(defaults: ParamDefaults, fn: () => T): T {
  return storage.run(defaults, fn);
}

export function currentParamDefaults(taskName: string): Readonly<Record<string, unknown>> | undefined {
  return storage.getStore()?.[taskName];
}
