import { createHash } from "node:crypto";
import type { ParamSpecs } from "../params/param.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { canonicalJson, type JsonValue } from "../util/json.js";

/**
 * What produced a task's outputs: its code version, its parameters, and the fingerprints of the
 * inputs it consumed. Recorded in the store when the task succeeds; with staleness checking on,
 * outputs whose fingerprint no longer matches are stale.
 */
export interface Fingerprint {
  readonly hash: string;
  readonly version: string | null;
  readonly params: { readonly [name: string]: JsonValue };
  /** Input task id → that input's fingerprint hash when this task ran. */
  readonly inputs: { readonly [taskId: string]: string };
}

export function computeFingerprint(instance: AnyTaskInstance, inputs: { readonly [taskId: string]: string }): Fingerprint {
  const version = instance.definition.version ?? null;
  const params = paramsJson(instance);
  const hash = createHash("sha256").update(canonicalJson({ id: instance.id, version, params, inputs })).digest("hex").slice(0, 32);
  return { hash, version, params, inputs };
}

/** The hash standing for outputs Pipewright did not produce (written by hand, or by another tool). */
export function unrecordedHash(taskId: string): string {
  return `unrecorded:${taskId}`;
}

/** A stored fingerprint, or undefined when there is none or it is not one. */
export function readFingerprint(value: JsonValue | null | undefined): Fingerprint | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const f = value as Record<string, JsonValue>;
  if (typeof f["hash"] !== "string" || typeof f["inputs"] !== "object" || f["inputs"] === null) return undefined;
  return value as unknown as Fingerprint;
}

// Instances are frozen: their parameters' JSON never changes, and a run asks for it several
// times per task (summary, store record, fingerprint, process pool).
const paramsCache = new WeakMap<AnyTaskInstance, { readonly [name: string]: JsonValue }>();

/** A task's parameters as JSON (significant or not), for summaries, the store, fingerprints and worker processes. */
export function paramsJson(instance: AnyTaskInstance): { readonly [name: string]: JsonValue } {
  let params = paramsCache.get(instance);
  if (!params) {
    const out: { [name: string]: JsonValue } = {};
    const specs: ParamSpecs = instance.definition.params ?? {};
    for (const [key, spec] of Object.entries(specs)) out[key] = spec.toJson(instance.params[key]);
    params = Object.freeze(out);
    paramsCache.set(instance, params);
  }
  return params;
}
