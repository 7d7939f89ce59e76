import type { Layout } from "./bench-args.js";

/** The graph a workload builds: one wrapper over N leaves, or 10 layers of N/10 tasks. */
export type Shape = "fan-in" | "layered";

/**
 * One benchmark workload. `what` decides both the engine run and its floor:
 * - `write`: the tasks write one tiny file each; floor = the same writes (temp file + rename).
 * - `rerun`: every output exists before the run; floor = one existence check (stat) per output.
 *   With `staleness: "fingerprint"`, the engine built the outputs (so the store holds their
 *   fingerprints) and the rerun compares each task's fingerprint with the recorded one too.
 * - `memory`: outputs are `memory()` targets; floor = the same map writes, no engine.
 * - `unavailable`: the feature it needs has not landed; reported, not run.
 */
export interface Workload {
  readonly name: string;
  readonly group: string;
  readonly what: "write" | "rerun" | "memory" | "unavailable";
  readonly shape: Shape;
  /** `build()`'s `workers`; above 1, the tasks run in a process pool loading bench/pool-pipeline.ts. Default 1 (inline). */
  readonly workers?: number;
  /** `build()`'s `staleness`; default `outputs`. */
  readonly staleness?: "fingerprint";
  readonly description: string;
}

export const workloads: readonly Workload[] = [
  { name: "fan-in", group: "fan-in", what: "write", shape: "fan-in", description: "one wrapper requiring N tasks, each writing one tiny file" },
  { name: "layered", group: "layered", what: "write", shape: "layered", description: "10 layers of N/10 tasks, each requiring 2 of the layer below; each writes one file" },
  { name: "rerun-fan-in", group: "rerun", what: "rerun", shape: "fan-in", description: "the fan-in graph again with every output present" },
  { name: "rerun-layered", group: "rerun", what: "rerun", shape: "layered", description: "the layered graph again with every output present" },
  {
    name: "rerun-fingerprint",
    group: "rerun",
    what: "rerun",
    shape: "layered",
    staleness: "fingerprint",
    description: "rerun-layered with staleness: fingerprint, the outputs built by the engine: existence and recorded fingerprints checked",
  },
  { name: "engine-only", group: "engine-only", what: "memory", shape: "fan-in", description: "fan-in of N tasks with memory() outputs: scheduling and store overhead alone" },
  { name: "workers-2", group: "workers-2", what: "write", shape: "fan-in", workers: 2, description: "the fan-in graph with workers: 2: its tasks run in a pool of 2 child processes" },
  { name: "postgres", group: "postgres", what: "unavailable", shape: "fan-in", description: "fan-in on the PostgreSQL store with 4 worker processes" },
];

export function selectWorkloads(only: readonly string[] | undefined): Workload[] {
  if (!only) return [...workloads];
  const unknown = only.filter((o) => !workloads.some((w) => w.name === o || w.group === o));
  if (unknown.length > 0) throw new Error(`Unknown workload ${unknown.join(", ")}. Known: ${workloads.map((w) => w.name).join(", ")} (group: rerun).`);
  return workloads.filter((w) => only.includes(w.name) || only.includes(w.group));
}

/** Output paths (relative to the project root) of every task of a shape, in a fixed order. */
export function outputPaths(shape: Shape, n: number, layout: Layout): string[] {
  const paths: string[] = [];
  if (shape === "fan-in") {
    for (let i = 0; i < n; i++) paths.push(outputPath("leaf", i, i, layout));
  } else {
    const width = n / 10;
    for (let layer = 0; layer < 10; layer++) for (let i = 0; i < width; i++) paths.push(outputPath(`L${layer}`, i, layer * width + i, layout));
  }
  return paths;
}

/** `out/leaf-7.txt`, or with `sharded` `out/0/leaf-7.txt` (1,000 outputs per folder, by `seq`). */
export function outputPath(prefix: string, i: number, seq: number, layout: Layout): string {
  return layout === "flat" ? `out/${prefix}-${i}.txt` : `out/${Math.floor(seq / 1000)}/${prefix}-${i}.txt`;
}

/** How many tasks the engine's graph holds (the fan-in wrapper counts). */
export function graphSize(workload: Workload, n: number): number {
  return workload.shape === "fan-in" ? n + 1 : n;
}
