import { missingOutputs } from "../graph/completeness.js";
import { TaskGraph, type Substitute } from "../graph/task-graph.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import type { JsonValue } from "../util/json.js";
import { describeIncompleteness } from "./reasons.js";
import type { Store } from "../store/store.js";
import { asInstances, inProject, resolveStore, type ProjectOptions } from "./run-context.js";
import { InputHashes } from "./input-hashes.js";
import { settleStaleness, type StalenessMode } from "./staleness.js";
import { listIds } from "../util/list-ids.js";
import { paramsJson } from "../task/params-json.js";

/** What a run would do with a task. `blocked`: it needs an external input that is missing. */
export type PlannedState = "complete" | "will_run" | "missing_input" | "blocked";

export interface PlannedTask {
  readonly id: string;
  readonly name: string;
  readonly params: { readonly [name: string]: JsonValue };
  readonly state: PlannedState;
  /** Why, in words: `output missing: data/x.json`, `complete`, `needs missing input raw(...)`. */
  readonly reason: string;
  /** The ids this task requires (statically; dynamic requirements show only when run). */
  readonly requires: readonly string[];
}

export interface Plan {
  readonly roots: readonly string[];
  /** Dependencies before dependents. */
  readonly tasks: readonly PlannedTask[];
}

export interface PlanOptions extends ProjectOptions {
  /** @internal Test seam used by `pipewright/testing` to stub tasks. */
  readonly substitute?: Substitute;
  /** As in `build()`: with `"fingerprint"`, stale tasks show as will_run with the reason. */
  readonly staleness?: StalenessMode;
  /** As in `build()`: tasks shown as forced to rerun. */
  readonly force?: readonly AnyTaskInstance[];
  /** Where fingerprints are recorded (only read with `staleness: "fingerprint"`). Default: the embedded store. */
  readonly store?: Store | string;
}

/**
 * What building these tasks would do, and why, without running anything.
 * Throws a `PipewrightError` (`cycle`, `graph_error`) if the graph cannot be built.
 *
 * @example
 * const p = await plan(report({ date: "2024-01-01" }));
 * p.tasks.filter((t) => t.state === "will_run").map((t) => t.id);
 */
export async function plan(tasks: AnyTaskInstance | readonly AnyTaskInstance[], options: PlanOptions = {}): Promise<Plan> {
  const roots = asInstances(tasks, "plan");
  // The whole graph, as a run walks it: a deleted intermediate or a stale one shows up.
  const graph = new TaskGraph({ expandComplete: true, ...(options.substitute && { substitute: options.substitute }) });
  const ordered = await inProject(options, () => graph.extend(roots));
  const mode = options.staleness ?? "outputs";
  const force = new Set((options.force ?? []).map((t) => t.id));
  if (mode === "fingerprint" || force.size > 0) {
    const { store, owned } = resolveStore(options.store, options.projectRoot);
    try {
      await store.init();
      await settleStaleness(ordered, graph, store, new InputHashes(graph.nodes), { mode, force });
    } finally {
      if (owned) await store.close();
    }
  }
  const states = new Map<string, { state: PlannedState; reason: string }>();
  // For blocked tasks: the missing external inputs behind them, named in the reason.
  const missingBehind = new Map<string, string[]>();
  for (const node of ordered) {
    let state: PlannedState;
    let reason: string;
    if (node.state === "complete") [state, reason] = ["complete", "complete"];
    else if (node.state === "missing_input") {
      [state, reason] = ["missing_input", `external input missing: ${missingOutputs(node.completeness).join(", ")}`];
      missingBehind.set(node.id, [node.id]);
    } else {
      const causes = [...new Set(node.deps.flatMap((dep) => missingBehind.get(dep) ?? []))];
      if (causes.length > 0) {
        [state, reason] = ["blocked", `needs missing input ${listIds(causes)}`];
        missingBehind.set(node.id, causes);
      } else [state, reason] = ["will_run", describeIncompleteness(node.completeness)];
    }
    states.set(node.id, { state, reason });
  }
  return {
    roots: roots.map((r) => r.id),
    tasks: ordered.map((node) => ({
      id: node.id,
      name: node.instance.name,
      params: paramsJson(node.instance),
      ...states.get(node.id)!,
      requires: [...node.deps],
    })),
  };
}
