import * as crypto from "node:crypto";
import { paramsJson } from "../task/params-json.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import { canonicalJson, canonicalKeyOrder, type JsonValue } from "../util/json.js";

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
// and a run hashes once per task. Its hex text is cut to 32 characters and copied (JSON.parse
// makes a string of its own): a plain slice would keep all 64 characters alive behind each hash
// a run holds (112 bytes per hash against 48), and asking for the digest as a Buffer to write
// 16 of its bytes in hex took twice as long (the Buffer's allocation).
const sha256Hex32: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => ownCopy(crypto.hash("sha256", text, "hex").slice(0, 32))
    : (text) => crypto.createHash("sha256").update(text).digest().toString("hex", 0, 16);

/** A hex text as a string of its own, not a slice of a longer one. */
function ownCopy(hex: string): string {
  return JSON.parse(`"${hex}"`) as string;
}

/** Where the current fingerprint hashes of a task's requirements are found (a Map, `InputHashes`). */
export type HashLookup = { get(taskId: string): string | undefined };

/**
 * The fingerprint of a task whose requirements `deps` have the fingerprint hashes in `hashes`
 * (a requirement without one counts as made outside Pipewright). The hash is sha256 of
 * `canonicalJson({ id, version, params, inputs })`, written here directly: a wrapper over
 * 100,000 tasks spent more time in the general writer than in everything else it does.
 */
export function computeFingerprint(instance: AnyTaskInstance, deps: readonly string[], hashes: HashLookup): Fingerprint {
  // No prototype: a task id "__proto__" must stay a key. Shared when empty (most tasks).
  const inputs = deps.length === 0 ? noInputs : (Object.create(null) as Record<string, string>);
  const version = instance.definition.version ?? null;
  const params = paramsJson(instance);
  return { hash: hashOf(instance.id, version, params, deps, hashes, inputs), version, params, inputs };
}

/**
 * Only the hash of `computeFingerprint`: what a wrapper needs, since only its consumers record
 * it. The map of input hashes is not built: for a wrapper over 100,000 tasks, that object alone
 * took longer than sorting and hashing their ids.
 */
export function fingerprintHash(instance: AnyTaskInstance, deps: readonly string[], hashes: HashLookup): string {
  return hashOf(instance.id, instance.definition.version ?? null, paramsJson(instance), deps, hashes, undefined);
}

const noInputs: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** The fingerprint's hash; fills `inputs` with each input's hash when given. */
function hashOf(
  id: string,
  version: string | null,
  params: Fingerprint["params"],
  deps: readonly string[],
  hashes: HashLookup,
  inputs: Record<string, string> | undefined,
): string {
  let inputsText = "{";
  if (deps.length > 0) {
    for (const dep of canonicalKeyOrder([...deps])) {
      const hash = hashes.get(dep) ?? unrecordedHash(dep);
      if (inputs) inputs[dep] = hash;
      inputsText += `${inputsText.length > 1 ? "," : ""}${jsonString(dep)}:${jsonString(hash)}`;
    }
  }
  inputsText += "}";
  // The keys in canonical order: id, inputs, params, version.
  const text = `{"id":${jsonString(id)},"inputs":${inputsText},"params":${canonicalJson(params)},"version":${JSON.stringify(version)}}`;
  return sha256Hex32(text);
}

// Printable ASCII without quote or backslash: JSON writes it as it is, between quotes.
const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a string, without the call for the common case (ids and hashes). */
function jsonString(text: string): string {
  return plainAscii.test(text) ? `"${text}"` : JSON.stringify(text);
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
