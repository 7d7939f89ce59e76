import * as crypto from "node:crypto";
import { paramsJson } from "../task/params-json.js";
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

// The one-shot `crypto.hash` (Node 20.12+) costs half of a Hash object for text this short,
// and a run hashes once per task.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text).digest("hex");

export function computeFingerprint(instance: AnyTaskInstance, inputs: { readonly [taskId: string]: string }): Fingerprint {
  const version = instance.definition.version ?? null;
  const params = paramsJson(instance);
  const hash = sha256Hex(canonicalJson({ id: instance.id, version, params, inputs })).slice(0, 32);
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

export { paramsJson };
