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
  const read = await store.getFingerprints(idsToRead(nodes, fingerprints, options.force));
  // (None on a first run, where nothing is complete: no pass over the nodes for them then.)
  const recorded = read.size === 0 ? undefined : nodes.map((node) => readFingerprint(read.get(node.id)));
  const forced = (node: GraphNode) => node.kind !== "external" && options.force.has(node.id);
  // Tasks whose fingerprint is compared: complete, their own (not forced, no `complete` of their own).
  const compared = (node: GraphNode) => fingerprints && node.state === "complete" && node.kind === "normal" && !node.instance.definition.complete && !forced(node);
  // Recorded inputs no longer among a task's requirements (dynamic ones, found at run time) are
  // compared with their own records: read in one more round trip, when there are any.
  const otherInputs = new Map<GraphNode, Fingerprint>();
  for (let index = 0; fingerprints && recorded !== undefined && index < nodes.length; index++) {
    const node = nodes[index]!;
    const stored = recorded[index];
    if (stored !== undefined && compared(node) && !inputsAreRequirements(node, stored)) otherInputs.set(node, stored);
  }
  const outside = otherInputs.size === 0 ? undefined : { graph, records: await readOutsideInputs(otherInputs, graph, store) };

  /** Settles one node against its record and its requirements as they stand now. */
  const settle = (node: GraphNode, stored: Fingerprint | undefined) => {
    if (forced(node)) {
      node.state = "incomplete";
      node.completeness = { complete: false, reason: "forced" };
    } else if (compared(node)) {
      const why = staleReason(node, stored, hashes, otherInputs.has(node) ? outside : undefined);
      if (why) makeStale(node, why);
    } else if (node.kind === "wrapper" && !node.instance.definition.complete && node.state === "complete") {
      if (node.requirements.some((requirement) => requirement.state !== "complete")) {
        node.state = "incomplete";
        node.completeness = waitsForRequirements;
      }
    }
    if (node.state !== "complete") return;
    if (stored) hashes.set(node, stored.hash);
    else if (node.kind === "wrapper") hashes.defer(node);
    // Any other complete task without a record was made outside Pipewright: unrecordedHash.
  };
  for (let index = 0; index < nodes.length; index++) settle(nodes[index]!, recorded?.[index]);
  if (otherInputs.size === 0) return;

  // Recorded inputs that are not a task's requirements but that the graph holds through other
  // tasks (required at run time, say, and walked now as another task's requirement) were settled
  // in no particular order before the task: they are compared now that every node is. A task
  // found stale makes what requires it stale too: the nodes still complete are settled again, in
  // dependency order; repeated while any is found (rare: each round needs such an input).
  const inGraph = new Map<GraphNode, string[]>();
  for (const [node, stored] of otherInputs) {
    const ids = Object.keys(stored.inputs).filter((id) => graph.nodes.has(id) && !node.deps.includes(id));
    if (ids.length > 0) inGraph.set(node, ids);
  }
  for (;;) {
    let found = false;
    for (const [node, ids] of inGraph) {
      if (node.state !== "complete") continue;
      const why = changedInput(ids, otherInputs.get(node)!, graph, hashes);
      if (why === undefined) continue;
      makeStale(node, why);
      found = true;
    }
    if (!found) return;
    for (let index = 0; index < nodes.length; index++) if (nodes[index]!.state === "complete") settle(nodes[index]!, recorded?.[index]);
  }
}

/** Why one of these recorded inputs, held by the graph, no longer matches, or undefined. */
function changedInput(ids: readonly string[], stored: Fingerprint, graph: TaskGraph, hashes: InputHashes): string | undefined {
  for (const id of ids) {
    const input = graph.nodes.get(id)!;
    if (input.state === "incomplete") return `input ${id} rebuilt`;
    if (input.state === "complete" && stored.inputs[id] !== hashes.get(id)) return `input ${id} changed`;
  }
  return undefined;
}

function makeStale(node: GraphNode, why: string): void {
  node.state = "incomplete";
  node.completeness = { complete: false, reason: "stale", why };
  node.hash = undefined; // it runs again: a hash set from its record is not its hash now
}

/** The records of inputs outside the graph, for the tasks that recorded such inputs. */
interface OutsideInputs {
  readonly graph: TaskGraph;
  readonly records: ReadonlyMap<string, JsonValue>;
}

/**
 * Why a complete task's outputs are stale, or undefined when they are current. `outside` is
 * given when its recorded inputs are not just its requirements (see `inputsAreRequirements`).
 */
function staleReason(node: GraphNode, stored: Fingerprint | undefined, hashes: InputHashes, outside: OutsideInputs | undefined): string | undefined {
  if (!stored) return undefined; // made outside Pipewright: accepted as complete
  const version = node.instance.definition.version ?? null;
  if (stored.version !== version) return `version changed (${stored.version ?? "none"} → ${version ?? "none"})`;
  const params = paramsJson(node.instance);
  for (const [name, value] of Object.entries(params)) {
    const before = stored.params[name];
    // Equal plain values need no JSON (most parameters are numbers, strings or dates).
    if (before !== value && JSON.stringify(before) !== JSON.stringify(value)) return `parameter ${name} changed (${JSON.stringify(before) ?? "unset"} → ${JSON.stringify(value)})`;
  }
  for (let index = 0; index < node.deps.length; index++) {
    const dep = node.deps[index]!;
    const input = node.requirements[index]!;
    // An external input that is gone cannot be rebuilt, and does not change what was made from it.
    if (input.state !== "complete") {
      if (input.kind === "external") continue;
      return `input ${dep} rebuilt`;
    }
    if (!Object.hasOwn(stored.inputs, dep)) return `new input ${dep}`;
    if (stored.inputs[dep] !== hashes.get(dep)) return `input ${dep} changed`;
  }
  if (outside === undefined) return undefined;
  for (const [inputId, hash] of Object.entries(stored.inputs)) {
    if (outside.graph.nodes.has(inputId)) continue;
    const current = readFingerprint(outside.records.get(inputId))?.hash ?? unrecordedHash(inputId);
    if (current !== hash) return `input ${inputId} changed`;
  }
  return undefined;
}

/**
 * Whether a task's recorded inputs are exactly its requirements now, so none lies outside the
 * graph: the common case, answered without looking each input up in the graph's map (two
 * lookups per task of a layered graph, a tenth of a fingerprint rerun). Requirements are unique.
 */
function inputsAreRequirements(node: GraphNode, stored: Fingerprint): boolean {
  const deps = node.deps;
  if (Object.keys(stored.inputs).length !== deps.length) return false;
  for (let index = 0; index < deps.length; index++) if (!Object.hasOwn(stored.inputs, deps[index]!)) return false;
  return true;
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

async function readOutsideInputs(tasks: ReadonlyMap<GraphNode, Fingerprint>, graph: TaskGraph, store: Store): Promise<ReadonlyMap<string, JsonValue>> {
  const ids = new Set<string>();
  for (const stored of tasks.values()) for (const inputId of Object.keys(stored.inputs)) if (!graph.nodes.has(inputId)) ids.add(inputId);
  return store.getFingerprints([...ids]);
}
