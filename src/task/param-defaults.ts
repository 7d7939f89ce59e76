import { contextSlot } from "../util/context-slot.js";

/**
 * Default parameter values from configuration (`params: { features: { window: 14 } }`), applied to
 * every instance of a task created inside `withParamDefaults`, including those created by
 * `requires`. Explicit values win over these, and these over the declared defaults.
 */
export type ParamDefaults = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const paramDefaultsSlot = contextSlot<ParamDefaults>("paramDefaults");

export function withParamDefaults<T>(defaults: ParamDefaults, fn: () => T): T {
  return paramDefaultsSlot.run(defaults, fn);
}

export function currentParamDefaults(taskName: string): Readonly<Record<string, unknown>> | undefined {
  return paramDefaultsSlot.get()?.[taskName];
}
