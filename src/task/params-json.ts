import type { ParamSpecs } from "../params/param.js";
import type { JsonValue } from "../util/json.js";
import type { AnyTaskInstance } from "./task-types.js";

export type ParamsJson = { readonly [name: string]: JsonValue };

/**
 * Internal: an instance made by `task()` keeps its parameters' JSON once computed. Instances
 * are frozen, so it never changes, and a run asks for it several times per task (summary,
 * store record, fingerprint, process pool).
 */
export const rememberedParamsJson = Symbol("pipewright.paramsJson");

interface RemembersParamsJson {
  [rememberedParamsJson](): ParamsJson;
}

/** A task's parameters as JSON (significant or not), for summaries, the store, fingerprints and worker processes. */
export function paramsJson(instance: AnyTaskInstance): ParamsJson {
  const own = (instance as Partial<RemembersParamsJson>)[rememberedParamsJson];
  return typeof own === "function" ? own.call(instance) : computeParamsJson(instance.definition.params, instance.params);
}

export function computeParamsJson(specs: ParamSpecs | undefined, values: Readonly<Record<string, unknown>>): ParamsJson {
  const out: { [name: string]: JsonValue } = {};
  for (const [key, spec] of Object.entries(specs ?? {})) out[key] = spec.toJson(values[key]);
  return Object.freeze(out);
}
