// The fan-in pipeline of bench/pipelines.ts as a pipeline module: the process pool's children
// load this file and find the tasks by their exported names, so the factories live at top level.
// Public API only, as a user would write it.
import { fileURLToPath } from "node:url";
import { localFile, param, task, type AnyTaskInstance } from "../dist/index.js";
import type { Layout } from "./bench-args.js";
import { outputPath } from "./workloads.js";

/**
 * The output layout, set by bench/child.ts before build(): a module loaded by the pool children
 * cannot be handed arguments, but the children inherit the scheduler's environment.
 */
export const layoutEnv = "PIPEWRIGHT_BENCH_LAYOUT";

let layout: Layout | undefined;
function outputLayout(): Layout {
  if (layout) return layout;
  const value = process.env[layoutEnv];
  if (value !== "flat" && value !== "sharded") throw new Error(`${layoutEnv} must be flat or sharded (bench/child.ts sets it), got ${value ?? "nothing"}.`);
  return (layout = value);
}

/** How many leaves ran in this process: the scheduler's copy must stay at 0 (they run in the pool). */
let leafRuns = 0;
export function leafRunsHere(): number {
  return leafRuns;
}

export const leaf = task("leaf", {
  params: { i: param.int() },
  output: ({ i }) => localFile(outputPath("leaf", i, i, outputLayout())),
  async run({ params, output }) {
    leafRuns++;
    await output.write(`${params.i}\n`);
  },
});

export const all = task("all", {
  params: { n: param.int() },
  requires: ({ n }) => Array.from({ length: n }, (_, i) => leaf({ i })),
});

/** One wrapper requiring `n` leaves: the roots to build. */
export function poolFanInPipeline(n: number): AnyTaskInstance[] {
  return [all({ n })];
}

/** This file, for `build(…, { modules })`. */
export const poolPipelineModule = fileURLToPath(import.meta.url);
