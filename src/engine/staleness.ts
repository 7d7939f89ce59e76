import { waitsForRequirements } from "../graph/completeness.js";
import type { GraphNode, TaskGraph } from "../graph/task-graph.js";
import type { Store } from "../store/store.js";
import type { JsonValue } from "../util/json.js";
import { paramsJson } from "../task/params-json.js";
import { readFingerprint, unrecordedHash, type Fingerprint } from "./fingerprint.js";
import type { InputHashes } from "./input-hashes.js";

/** `outputs`: complete when the outputs exist (the default). `fingerprint`: and were made by the current code, parameters and inputs. */
export const stalenessModes = ["outputs", "fingerprint"] as const;
export type StalenessMode = (typeof stalenessModes)[number];

export interface StalenessOptions {
  readonly mode: StalenessMode;
  /** Task ids to rerun whatever their state. */
  readonly force: ReadonlySet<string>;
}

/**
 * Settles what "complete" means for newly walked nodes (dependencies first): forced tasks and,
 * in fingerprint mode, tasks whose recorded fingerprint no longer matches become incomplete
 * with the reason. Gives `hashes` the current fingerprint hash of every complete task (a wrapper's
 * when first asked), so tasks that run can record what they consumed. One batched store read
 * (two with dynamic inputs).
 */
export async function settleStaleness(
  nodes: readonly GraphNode[],
  graph: TaskGraph,
  store: Store,
  hashes: InputHashes,
  options: StalenessOptions,
): Promise<void> {
  const fingerprints = options.mode === "fingerprint";
  // Only the fingerprints: whole records cost several times as much to read and keep.
  const recorded = await store.getFingerprints(idsToRead(nodes, fingerprints, options.force));
  const stored = (id: string) => readFingerprint(recorded.get(id));
  // Inputs recorded but no longer in the graph (dynamic requirements): their current hashes.
  const outside = fingerprints ? await readOutsideInputs(nodes, graph, recorded, store) : noFingerprints;

  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!;
    if (node.kind !== "external" && options.force.has(node.id)) {
      node.state = "incomplete";
      node.completeness = { complete: false, reason: "forced" };
    } else if (fingerprints && node.state === "complete" && node.kind === "normal" && !node.instance.definition.complete) {
      const why = staleReason(node, stored(node.id), graph, hashes, outside);
      if (why) {
        node.state = "incomplete";
        node.completeness = { complete: false, reason: "stale", why };
      }
    } else if (node.kind === "wrapper" && !node.instance.definition.complete && node.state === "complete") {
      if (node.requirements.some((requirement) => requirement.state !== "complete")) {
        node.state = "incomplete";
        node.completeness = waitsForRequirements;
      }
    }
    if (node.state !== "complete") continue;
    const recorded = stored(node.id);
    if (recorded) hashes.set(node, recorded.hash);
    else if (node.kind === "wrapper") hashes.defer(node);
    // Any other complete task without a record was made outside Pipewright: unrecordedHash.
  }
}

/** Why a complete task's outputs are stale, or undefined when they are current. */
function staleReason(
  node: GraphNode,
  stored: Fingerprint | undefined,
  graph: TaskGraph,
  hashes: InputHashes,
  outside: ReadonlyMap<string, JsonValue>,
): string | undefined {
  if (!stored) return undefined; // made outside Pipewright: accepted as complete
  const version = node.instance.definition.version ?? null;
  if (stored.version !== version) return `version changed (${stored.version ?? "none"} → ${version ?? "none"})`;
  const params = paramsJson(node.instance);
  for (const [name, value] of Object.entries(params)) {
    const before = stored.params[name];
    if (JSON.stringify(before) !== JSON.stringify(value)) return `parameter ${name} changed (${JSON.stringify(before) ?? "unset"} → ${JSON.stringify(value)})`;
  }
  for (let index = 0; index < node.deps.length; index++) {
    const dep = node.deps[index]!;
    const input = node.requirements[index]!;
    // An external input that is gone cannot be rebuilt, and does not change what was made from it.
    if (input.state !== "complete") {
      if (input.kind === "external") continue;
      return `input ${dep} rebuilt`;
    }
    if (!(dep in stored.inputs)) return `new input ${dep}`;
    if (stored.inputs[dep] !== hashes.get(dep)) return `input ${dep} changed`;
  }
  for (const [inputId, hash] of Object.entries(stored.inputs)) {
    if (graph.nodes.has(inputId)) continue;
    const current = readFingerprint(outside.get(inputId))?.hash ?? unrecordedHash(inputId);
    if (current !== hash) return `input ${inputId} changed`;
  }
  return undefined;
}

/** Fingerprint mode reads every complete task; otherwise only the inputs of tasks that will run. */
function idsToRead(nodes: readonly GraphNode[], fingerprints: boolean, force: ReadonlySet<string>): string[] {
  if (fingerprints) return nodes.filter((n) => n.state === "complete").map((n) => n.id);
  // A first run has nothing complete: no need to look through every edge of the graph.
  if (!nodes.some((n) => n.state === "complete")) return [];
  const ids = new Set<string>();
  for (const node of nodes) {
    if (node.state === "complete" && !force.has(node.id)) continue;
    for (const requirement of node.requirements) if (requirement.state === "complete") ids.add(requirement.id);
  }
  return [...ids];
}

const noFingerprints: ReadonlyMap<string, JsonValue> = new Map();

async function readOutsideInputs(
  nodes: readonly GraphNode[],
  graph: TaskGraph,
  recorded: ReadonlyMap<string, JsonValue>,
  store: Store,
): Promise<ReadonlyMap<string, JsonValue>> {
  const ids = new Set<string>();
  for (const node of nodes) {
    const stored = readFingerprint(recorded.get(node.id));
    for (const inputId of Object.keys(stored?.inputs ?? {})) if (!graph.nodes.has(inputId)) ids.add(inputId);
  }
  return ids.size === 0 ? noFingerprints : store.getFingerprints([...ids]);
}
