// One measurement in a fresh process, so peak RSS belongs to this workload alone.
// Usage (by bench/run.ts): node --import tsx bench/child.ts '<ChildSpec as JSON>'
import { rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { build, type AnyTaskInstance, type RunSummary } from "../dist/index.js";
import type { Layout } from "./bench-args.js";
import { ChildMemory } from "./child-memory.js";
import { resultPrefix, type ChildResult, type ChildSpec } from "./child-protocol.js";
import { memoryFloor, prepareOutputs, statFloor, writeFloor } from "./floors.js";
import { fanInPipeline, layeredPipeline, memoryPipeline } from "./pipelines.js";
import { layoutEnv, leafRunsHere, poolFanInPipeline, poolPipelineModule } from "./pool-pipeline.js";
import { graphSize, outputPaths, workloads, type Workload } from "./workloads.js";

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? "") as ChildSpec;
  const workload = workloads.find((w) => w.name === spec.workload);
  if (!workload) throw new Error(`unknown workload ${spec.workload}`);
  const baseRssMB = mb(process.memoryUsage.rss() / 1024);
  const started = performance.now();
  let firstTaskMs: number | null = null;
  let summary: RunSummary | undefined;
  const paths = () => outputPaths(workload.shape, spec.n, spec.layout);
  const workers = workload.workers ?? 1;
  // The pool's children load bench/pool-pipeline.ts themselves: they learn the layout from the
  // environment they inherit from this process.
  if (workers > 1) process.env[layoutEnv] = spec.layout;
  const pooled = workers > 1 ? { workers, modules: [poolPipelineModule] } : { workers: 1 };

  let warmupMs: number | undefined;
  if (spec.mode === "engine") {
    // Load the engine, the SQLite driver and tsx's compiled sources once, outside the timing
    // (with a pool: in the pool's children too, once, so tsx's cache is warm for the timed run's).
    const warmup = join(spec.root, "warmup");
    const roots = workers > 1 ? poolFanInPipeline(1) : fanInPipeline(1, spec.layout);
    await build(roots, { projectRoot: warmup, store: join(warmup, "state.db"), ...pooled });
    warmupMs = performance.now() - started;
  }
  const profiler = spec.profileFile === undefined ? undefined : await startProfiler();
  // The pool's processes are this process's children; their memory is counted apart (see ChildMemory).
  const children = workers > 1 && spec.mode === "engine" ? new ChildMemory() : undefined;
  let sampledPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
    children?.sample();
  }, 20);
  // A measurement that fails (a full disk, say) reports and ends: the sampler must not keep the
  // process alive until the parent's timeout kills it.
  sampler.unref();
  const timed = performance.now();
  if (spec.mode === "engine") {
    const roots = pipelineFor(workload, spec.n, spec.layout);
    summary = await build(roots, {
      projectRoot: spec.root,
      store: join(spec.root, "state.db"),
      ...pooled,
      ...(workload.staleness && { staleness: workload.staleness }),
      onEvent: (event) => {
        if (firstTaskMs === null && event.type === "task_started") firstTaskMs = performance.now() - timed;
        // The last moment the pool's processes are alive: build() closes the pool after this.
        if (event.type === "run_finished") children?.sample();
      },
    });
  } else if (spec.mode === "remove") {
    await rm(spec.root, { recursive: true, force: true });
  } else if (spec.mode === "prepare") {
    // A fingerprint rerun needs the fingerprints the engine records: the engine builds the outputs.
    if (workload.staleness === "fingerprint") await build(pipelineFor(workload, spec.n, spec.layout), { projectRoot: spec.root, store: join(spec.root, "state.db") });
    else await prepareOutputs(spec.root, paths());
  } else if (workload.what === "write") {
    await writeFloor(join(spec.root, "floor"), paths(), spec.mode === "async-floor");
  } else if (workload.what === "rerun") {
    await statFloor(spec.root, paths());
  } else {
    await memoryFloor(spec.n);
  }
  const wallMs = performance.now() - timed;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  if (profiler && spec.profileFile !== undefined) await writeFile(spec.profileFile, JSON.stringify(await profiler.stop()));
  const problem = summary ? unexpected(workload, spec.n, summary) : undefined;
  const pool = children?.available ? children.total() : undefined;
  const result: ChildResult = {
    ok: problem === undefined,
    wallMs,
    firstTaskMs,
    peakRssMB: mb(process.resourceUsage().maxRSS),
    sampledPeakRssMB: mb(sampledPeak / 1024),
    baseRssMB,
    ...(pool && { poolPeakRssMB: mb(pool.peakKB), poolProcesses: pool.processes }),
    ...(warmupMs !== undefined && { warmupMs }),
    ...(summary && { counts: summary.counts }),
    ...(problem !== undefined && { error: problem }),
  };
  process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
}

/** Profiles only the timed part (not module loading or the warm-up), sampling every 100 us. */
async function startProfiler(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      return profile;
    },
  };
}

function pipelineFor(workload: Workload, n: number, layout: Layout): AnyTaskInstance[] {
  if (workload.what === "memory") return memoryPipeline(n);
  if ((workload.workers ?? 1) > 1) {
    if (workload.shape !== "fan-in") throw new Error(`${workload.name}: only the fan-in graph has a pipeline module for the process pool (bench/pool-pipeline.ts).`);
    return poolFanInPipeline(n);
  }
  return workload.shape === "fan-in" ? fanInPipeline(n, layout) : layeredPipeline(n, layout);
}

/** A run that did not do what the workload means is not a measurement: say what went wrong. */
function unexpected(workload: Workload, n: number, summary: RunSummary): string | undefined {
  const { counts } = summary;
  if (!summary.ok) return `run failed (exit ${summary.exitCode}): ${summary.error?.message ?? summary.tasks.find((t) => t.error)?.error ?? "?"}`;
  if (workload.what === "rerun" && counts.ran !== 0) return `expected nothing to run, but ${counts.ran} task(s) ran`;
  if (workload.what !== "rerun" && counts.ran !== graphSize(workload, n)) return `expected ${graphSize(workload, n)} tasks to run, ${counts.ran} ran`;
  if ((workload.workers ?? 1) > 1 && leafRunsHere() > 0) return `${leafRunsHere()} leaf run(s), warm-up included, in the scheduler's process instead of the process pool`;
  return undefined;
}

main().catch((error: unknown) => {
  const result: ChildResult = { ok: false, wallMs: 0, firstTaskMs: null, peakRssMB: mb(process.resourceUsage().maxRSS), baseRssMB: 0, error: String((error as Error)?.stack ?? error) };
  process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
  process.exitCode = 1;
});
