import type { AnyParam } from "../params/param.js";

/** A task's parameters in declaration order, as `[name, spec]` pairs: read once per `task()`. */
export type ParamEntries = ReadonlyArray<readonly [string, AnyParam]>;

/**
 * A task id is the task name and its significant parameters in declaration order:
 * `features(date=2024-01-01,window=7)`. Equal ids mean the same work.
 * `significant`: the task's significant parameters, picked once per task (a graph makes ids by
 * the hundred thousand).
 */
export function taskId(name: string, significant: ParamEntries, values: Readonly<Record<string, unknown>>): string {
  let id = `${name}(`;
  for (let index = 0; index < significant.length; index++) {
    const [key, spec] = significant[index]!;
    id += `${index === 0 ? "" : ","}${key}=${spec.toIdText(values[key])}`;
  }
  return `${id})`;
}
