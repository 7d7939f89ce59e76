import { PipewrightError } from "../errors.js";
import { kindOf } from "../task/task.js";
import { itemsOf } from "../task/shape.js";
import { useSharedRequirements } from "../task/share-requirements.js";
import { isTaskInstance, type AnyTaskInstance, type TaskKind } from "../task/task-types.js";
import { BulkChecker } from "../targets/bulk-existence.js";
import type { Target } from "../targets/target.js";
import { checkComplete, isComplete, knownCompleteness, outputTargets, waitsForRequirements, type Incompleteness } from "./completeness.js";
import { findCycle } from "./find-cycle.js";
import type { TaskSummary } from "../engine/summary.js";

/** Where a task stands after the walk. */
export type NodeState = "complete" | "incomplete" | "missing_input";

export interface GraphNode {
  readonly id: string;
  readonly instance: AnyTaskInstance;
  readonly kind: TaskKind;
  /**
   * Required task ids. Empty for complete tasks: their requirements are not walked. Replaced, not
   * changed in place (the empty one is shared), except the node's own copy that its first dynamic
   * requirement makes, which its later ones grow while it runs.
   */
  deps: readonly string[];
  /** @internal The nodes of `deps`, in the same order: the cycle search follows them without lookups. */
  requirements: readonly GraphNode[];
  state: NodeState;
  completeness: Incompleteness;
  /** @internal Used by the cycle search. */
  searchMark: number;
  /**
   * @internal The node's place in a dependency-first order of the whole graph (what it requires
   * ranks lower), `unranked` until placed. A task that cannot reach another ranks lower than it may or
   * may not; one that ranks lower cannot reach it, which is what lets a dynamic requirement's
   * cycle check skip most of the graph.
   */
  rank: number;
  /** @internal The task's current fingerprint hash once settled in a run (see InputHashes). */
  hash: string | undefined;
  /** @internal What the run made of the task, once settled: kept here rather than in a second 100,000-entry map. */
  summary: TaskSummary | undefined;
}

export interface GraphWalkOptions {
  /** How many completeness checks run at once (file-system bound). */
  readonly concurrency?: number;
  /** Also walk the requirements of complete tasks (to show the whole tree; a run does not need it). */
  readonly expandComplete?: boolean;
  /** Replaces a task as the walk reaches it (the testing toolkit's stubs); same id expected. */
  readonly substitute?: Substitute;
}

/** @internal Returns a replacement for a task (same id), or undefined to keep it. */
export type Substitute = (instance: AnyTaskInstance) => AnyTaskInstance | undefined;

/**
 * The dependency graph of one run. `extend` walks `requires` from new roots, checking many
 * tasks' completeness concurrently, deduplicating by id, not walking below complete tasks,
 * and rejecting cycles before anything runs. Dynamic dependencies extend the same graph.
 */
export class TaskGraph {
  readonly nodes = new Map<string, GraphNode>();
  readonly roots: string[] = [];
  private readonly rootSet = new Set<string>();
  /**
   * Nodes with dynamic requirements, whose lists are their own, grown in place (see
   * addDynamicEdges), with the set of their requirement ids once they have many.
   */
  private readonly dynamicRequirers = new WeakMap<GraphNode, Set<string> | undefined>();
  /** The highest rank given (see GraphNode.rank). */
  private topRank = 0;
  private readonly concurrency: number;
  private readonly expandComplete: boolean;
  private readonly substitute: Substitute | undefined;

  constructor(options: GraphWalkOptions = {}) {
    this.substitute = options.substitute;
    this.concurrency = options.concurrency ?? 64;
    this.expandComplete = options.expandComplete ?? false;
  }

  get(id: string): GraphNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`internal: no graph node ${id}`);
    return node;
  }

  /**
   * Walks from `instances`, adding what is new; returns the new nodes, dependencies first.
   * `requester` is the running task asking for them (dynamic dependencies), for the cycle check.
   */
  async extend(instances: readonly AnyTaskInstance[], requester?: string): Promise<GraphNode[]> {
    const added: GraphNode[] = [];
    const bulk = new BulkChecker();

    /** The graph's node for a task; a new one is added to `added` and to `toWalk`. */
    const visit = (original: AnyTaskInstance, toWalk: GraphNode[]): GraphNode => {
      const instance = this.substitute?.(original) ?? original;
      const existing = this.nodes.get(instance.id);
      if (existing) {
        if (existing.instance.definition !== instance.definition) {
          throw new PipewrightError(
            "graph_error",
            `Two different task definitions produce the id ${instance.id}. Give each task() a unique name.`,
            { context: { taskId: instance.id } },
          );
        }
        return existing;
      }
      const node: GraphNode = {
        id: instance.id,
        instance,
        kind: kindOf(instance.definition),
        deps: noDeps,
        requirements: noRequirements,
        state: "incomplete",
        completeness: waitsForRequirements,
        searchMark: 0,
        rank: unranked,
        hash: undefined,
        summary: undefined,
      };
      this.nodes.set(node.id, node);
      added.push(node);
      toWalk.push(node);
      return node;
    };

    // Requirements declared by several tasks were created once per declaration: each task is
    // pointed at the graph's instance, so one copy (and its outputs) is kept per task.
    // `reached` holds the nodes just visited for the task being settled, in the order of its
    // requirements, which is the order `canonical` is asked in: no second lookup in a graph whose
    // Map lookups cost cache misses. Set and read in one synchronous step of one walk loop.
    let reachedFrom: readonly AnyTaskInstance[] = [];
    const reached: GraphNode[] = [];
    let cursor = 0;
    const canonical = (dep: AnyTaskInstance): AnyTaskInstance => {
      const node = reachedFrom[cursor] === dep ? reached[cursor] : this.nodes.get(dep.id);
      cursor++;
      const shared = node?.instance;
      return shared !== undefined && shared.definition === dep.definition ? shared : dep;
    };

    const forget = () => {
      for (const node of added) this.nodes.delete(node.id);
    };
    try {
      let wave: GraphNode[] = [];
      for (const instance of instances) {
        visit(instance, wave);
        // (a substitute keeps the id, so roots are recorded by id)
        if (!requester && !this.rootSet.has(instance.id)) {
          this.rootSet.add(instance.id);
          this.roots.push(instance.id);
        }
      }
      // Breadth first, a wave at a time, with `concurrency` completeness checks in flight: a few
      // long-lived loops rather than promises per task keeps a 100,000-task walk light.
      while (wave.length > 0) {
        const current = wave;
        const next: GraphNode[] = [];
        const known = await checkWaveInBulk(current, bulk);
        let index = 0;
        let stopped = false;
        const work = async () => {
          try {
            while (!stopped && index < current.length) {
              const node = current[index++]!;
              // Answered from the wave's bulk check when possible: no promise per task then.
              const completeness = knownCompleteness(node.instance, known) ?? (await checkComplete(node.instance, known));
              const requirements = this.settle(node, completeness);
              if (requirements.length === 0) continue;
              // (What stays in `reached` past the end from a longer list is never read.)
              for (let at = 0; at < requirements.length; at++) reached[at] = visit(requirements[at]!, next);
              setRequirements(node, reached, requirements.length);
              // At once, not after the walk: the copies it drops then die young instead of
              // living through the whole walk (and being moved to the old generation).
              reachedFrom = requirements;
              cursor = 0;
              useSharedRequirements(node.instance, canonical);
            }
          } catch (error) {
            stopped = true;
            throw error;
          }
        };
        // Every loop ends before a failure is reported, so none adds nodes after `forget()`.
        const outcomes = await Promise.allSettled(Array.from({ length: Math.min(this.concurrency, current.length) }, work));
        const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
        if (failure) throw failure.reason;
        wave = next;
      }
    } catch (error) {
      forget();
      throw error;
    }
    // From here on, use the graph's own instances (substitutes) rather than the ones given.
    const requesterNode = requester === undefined ? undefined : this.get(requester);
    const newEdges = requesterNode === undefined ? undefined : this.addDynamicEdges(requesterNode, instances);

    const starts = requesterNode ? [requesterNode] : instances.map((i) => this.get(i.id));
    // A new cycle must pass through one of the requester's new edges: the search follows only
    // those from the requester, and tasks ranked below the requester cannot reach it (and were on
    // no cycle before), so it leaves them out. Searching all of the requester's requirements
    // instead made many dynamic requirements quadratic: over a large shared graph, or one
    // requester calling require() thousands of times.
    const below = requesterNode?.rank;
    const skip = below === undefined ? undefined : (node: GraphNode) => node.rank < below;
    const follow = newEdges === undefined ? requirementsOf : (node: GraphNode) => (node === requesterNode ? newEdges : node.requirements);
    const { cycle, order } = findCycle(starts, follow, skip);
    if (cycle) {
      forget();
      throw new PipewrightError("cycle", `Dependency cycle: ${cycle.join(" -> ")}. A task cannot require itself, directly or through others.`, {
        context: { cycle },
      });
    }
    // On a first walk everything reached is new: no need to sort the added ones out.
    const allNew = added.length === this.nodes.size;
    const addedSet = allNew ? undefined : new Set(added);
    const ordered = addedSet ? order.filter((node) => addedSet.has(node)) : order;
    this.rank(ordered, requesterNode, newEdges);
    this.settleWrappers(ordered);
    return ordered;
  }

  /**
   * Places newly added nodes (dependency-first) in the graph's order. New roots go above
   * everything (nothing known requires them). A dynamic requirement's new tasks go between what
   * they require and the requester; when that gap does not exist (the requester now needs a
   * task ranked above it), the whole graph is ranked again, which is rare.
   */
  private rank(added: readonly GraphNode[], top: GraphNode | undefined, newEdges: readonly GraphNode[] | undefined): void {
    if (top === undefined) {
      for (let index = 0; index < added.length; index++) added[index]!.rank = ++this.topRank;
      return;
    }
    // Above everything ranked that the requester newly requires or the new tasks require (what it
    // required before ranks below it already).
    let floor = highestRank(newEdges ?? noRequirements);
    for (const node of added) floor = Math.max(floor, highestRank(node.requirements)); // no spread: `added` can be huge
    const low = Number.isFinite(floor) ? floor : top.rank - 1;
    const step = (top.rank - low) / (added.length + 1);
    if (step > Math.max(1, Math.abs(top.rank)) * 1e-9) {
      added.forEach((node, index) => (node.rank = low + step * (index + 1)));
      return;
    }
    const { order } = findCycle(this.nodes.values(), requirementsOf);
    this.topRank = 0;
    for (const node of order) node.rank = ++this.topRank;
  }

  /**
   * Records a running task's dynamic requirements (for cycle checks, ranks and its fingerprint)
   * and returns the nodes it did not require before. Its first makes lists of its own (its lists
   * may be shared); later ones grow them, looking repeats up in a set once there are many: a task
   * requiring 20,000 tasks one call at a time, or in one call, copied its lists at each one.
   */
  private addDynamicEdges(node: GraphNode, instances: readonly AnyTaskInstance[]): GraphNode[] {
    if (!this.dynamicRequirers.has(node)) {
      node.deps = [...node.deps];
      node.requirements = [...node.requirements];
      this.dynamicRequirers.set(node, undefined);
    }
    const deps = node.deps as string[];
    const requirements = node.requirements as GraphNode[];
    let known = this.dynamicRequirers.get(node);
    const added: GraphNode[] = [];
    for (const instance of instances) {
      if (known === undefined && deps.length > fewRequirements) this.dynamicRequirers.set(node, (known = new Set(deps)));
      if (known !== undefined ? known.has(instance.id) : deps.includes(instance.id)) continue;
      const required = this.get(instance.id);
      deps.push(required.id);
      requirements.push(required);
      known?.add(required.id);
      added.push(required);
    }
    return added;
  }

  private settle(node: GraphNode, completeness: Incompleteness): AnyTaskInstance[] {
    node.completeness = completeness;
    if (node.completeness.complete) {
      node.state = "complete";
      if (!this.expandComplete || node.kind === "external") return [];
    } else if (node.kind === "external") node.state = "missing_input";
    if (node.kind === "external") return [];
    const requirements = itemsOf(node.instance.requires(), isTaskInstance);
    // An array of the exact size: pushing onto an empty one reserves 17 slots, and a large graph
    // keeps one such array per task.
    const ids = requirements.map((requirement) => requirement.id);
    // Repeats are dropped once the requirements are reached (see setRequirements).
    node.deps = ids.length === 0 ? noDeps : ids;
    return requirements;
  }

  /** A wrapper (no outputs, no complete()) is complete when everything it requires is. */
  private settleWrappers(ordered: readonly GraphNode[]): void {
    for (let index = 0; index < ordered.length; index++) {
      const node = ordered[index]!;
      if (node.state !== "incomplete" || node.completeness.complete || node.completeness.reason !== "requires_incomplete") continue;
      if (node.requirements.every((requirement) => requirement.state === "complete")) {
        node.state = "complete";
        node.completeness = isComplete;
      }
    }
  }
}

// Shared by every node without requirements (a 100,000-task fan-in's leaves); frozen, since they are shared.
const noRequirements: readonly GraphNode[] = Object.freeze([]);
const noDeps: readonly string[] = Object.freeze([]);

/**
 * The rank of a node not placed yet: above every real rank, so a dynamic requirement's cycle
 * search never skips it. A small integer, not NaN: V8 keeps a field that only ever held small
 * integers in the object itself, where a NaN start made every node's rank a separate number.
 */
const unranked = 2 ** 30 - 1;

/** Up to this many requirements, a repeated dynamic requirement is found by a scan, not a set. */
const fewRequirements = 16;

/** The highest rank among `nodes` (unranked ones, the new tasks, aside); -Infinity for none. */
function highestRank(nodes: readonly GraphNode[]): number {
  let highest = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < nodes.length; index++) {
    const rank = nodes[index]!.rank;
    if (rank !== unranked && rank > highest) highest = rank;
  }
  return highest;
}

function requirementsOf(node: GraphNode): readonly GraphNode[] {
  return node.requirements;
}

// Marks of the repeat check in setRequirements: negative, so they never equal the cycle
// search's (positive) marks in the same field.
let repeatChecks = 0;

/**
 * Points `node` at the `count` nodes just reached for its requirements (in the order of its ids),
 * dropping repeats from both lists, the first of each kept. A repeated id reaches the same node,
 * so marking nodes finds repeats in one pass: a Set of 100,000 ids took 30 ms of a fan-in's walk.
 */
function setRequirements(node: GraphNode, reached: readonly GraphNode[], count: number): void {
  const mark = --repeatChecks;
  let at = 0;
  for (; at < count; at++) {
    const requirement = reached[at]!;
    if (requirement.searchMark === mark) break;
    requirement.searchMark = mark;
  }
  if (at === count) {
    node.requirements = reached.slice(0, count);
    return;
  }
  const distinct = [...new Set(reached.slice(0, count))];
  node.requirements = distinct;
  node.deps = distinct.map((requirement) => requirement.id);
}

/**
 * The outputs of a wave's tasks that can be checked many at once (files sharing a folder: one
 * listing instead of a `stat` each). Tasks with their own `complete()` are left to it.
 */
async function checkWaveInBulk(wave: readonly GraphNode[], bulk: BulkChecker): Promise<Map<Target, boolean>> {
  const targets: Target[] = [];
  for (let index = 0; index < wave.length; index++) {
    const instance = wave[index]!.instance;
    if (!instance.definition.complete) for (const target of outputTargets(instance)) targets.push(target);
  }
  return bulk.check(targets);
}
