// Bytes allocated per task, and by which functions, in one build of the engine-only or fan-in
// pipeline, or the layered one (V8's sampling heap profiler, counting objects the collector has freed too). Unlike
// wall time on a shared VM, this barely moves from run to run: compare builds with it.
// Usage: npm run -s build && npx tsx bench/allocation-profile.ts [engine-only|fan-in|layered] [N] [--top 30] [--dir /dev/shm]
import { mkdtempSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { MemoryBucket, build, type AnyTaskInstance } from "../dist/index.js";
import { frameLabel, type CallFrame } from "./frame-label.js";
import { fanInPipeline, layeredPipeline, memoryPipeline } from "./pipelines.js";
import { parseToolArgs } from "./tool-args.js";

interface SampleNode {
  readonly callFrame: CallFrame;
  readonly selfSize: number;
  readonly children: readonly SampleNode[];
}

const usage = "Usage: npx tsx bench/allocation-profile.ts [engine-only|fan-in|layered] [N] [--top 30] [--dir <folder>]";
const { counts: { top }, dir: parent, positionals } = parseToolArgs(process.argv.slice(2), { top: 30 }, usage);
const [workload = "engine-only", size = "100000"] = positionals;
const n = Number(size);
if (!["engine-only", "fan-in", "layered"].includes(workload) || !Number.isInteger(n) || n < 1) {
  throw new Error(`Not a workload and size this tool runs: ${positionals.join(" ") || "(none)"}.\n${usage}`);
}
const pipeline = (count: number): AnyTaskInstance[] =>
  workload === "fan-in" ? fanInPipeline(count, "flat") : workload === "layered" ? layeredPipeline(count, "flat") : memoryPipeline(count);

const dir = mkdtempSync(join(parent, "pipewright-alloc-"));
try {
  // A warm-up build first: loading modules and compiling is not the engine's cost per task.
  await build(pipeline(10), { store: join(dir, "warmup.db"), projectRoot: join(dir, "warmup"), memory: new MemoryBucket() });
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const summary = await build(pipeline(n), { store: join(dir, "state.db"), projectRoot: dir, memory: new MemoryBucket() });
  const { profile } = await session.post("HeapProfiler.stopSampling");
  if (!summary.ok) throw new Error(`the build failed: ${JSON.stringify(summary.counts)}`);

  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: SampleNode): void => {
    const name = frameLabel(node.callFrame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) visit(child);
  };
  visit(profile.head as SampleNode);
  const tasks = summary.tasks.length;
  process.stdout.write(`${workload}, ${tasks.toLocaleString("en")} tasks: ${(total / 1e6).toFixed(0)} MB allocated, ${Math.round(total / tasks).toLocaleString("en")} bytes per task\n\n`);
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${String(Math.round(bytes / tasks)).padStart(7)} B/task  ${name}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
