// Two builds of the library measured in turns in one process. On a VM whose speed drifts by a
// third within an hour, runs a minute apart differ by more than most changes make; turns a second
// apart, in one process, much less. For the graph walk before the first task (the layered graph,
// on outputs that do not exist yet) and for engine-only builds.
// Usage: npx tsx bench/side-by-side.ts <library A> <library B> [walk|engine-only] [N] [--turns 6] [--dir /dev/shm]
// A library is a built dist/ folder: ./dist, and an older commit's from a worktree
// (git worktree add /tmp/base <rev> && ln -s "$PWD/node_modules" /tmp/base/ && (cd /tmp/base && npm run build)).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as LibraryModule from "../dist/index.js";
import type * as Graph from "../dist/graph/task-graph.js";
import { spreadOf } from "./combine-repeats.js";
import { layeredPipeline, memoryPipeline } from "./pipelines.js";
import { parseToolArgs } from "./tool-args.js";

const usage = "Usage: npx tsx bench/side-by-side.ts <library A> <library B> [walk|engine-only] [N] [--turns 6] [--dir <folder>]";

interface Loaded {
  readonly label: string;
  readonly api: typeof LibraryModule;
  readonly graph: typeof Graph;
  readonly times: number[];
}

async function main(): Promise<void> {
  const { counts, dir: parent, positionals } = parseToolArgs(process.argv.slice(2), { turns: 6 }, usage);
  const [a, b, workload = "walk", size = "100000"] = positionals;
  const n = Number(size);
  const { turns } = counts;
  if (a === undefined || b === undefined) throw new Error(`Give two built libraries (dist/ folders) to compare.\n${usage}`);
  if (!["walk", "engine-only"].includes(workload) || !Number.isInteger(n) || n < 10 || n % 10 !== 0) throw new Error(`Not a workload and size this tool runs: ${workload} ${size}.\n${usage}`);
  if (turns < 2) throw new Error(`--turns takes 2 or more: one turn says nothing about the other.\n${usage}`);
  const libraries = [await load(a), await load(b)];
  const dir = mkdtempSync(join(parent, "pipewright-side-by-side-"));
  try {
    // One untimed turn each first (compiling), then turns in alternating order.
    for (let turn = 0; turn <= turns; turn++) {
      for (const library of turn % 2 === 0 ? libraries : [...libraries].reverse()) {
        const ms = await measure(library, workload, n, join(dir, `${turn}-${libraries.indexOf(library)}`));
        if (turn > 0) library.times.push(ms);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const library of libraries) {
    process.stdout.write(`${library.label}: ${library.times.map((t) => t.toFixed(0)).join(" ")} ms, median ${spreadOf(library.times)!.median.toFixed(0)} ms\n`);
  }
  const [first, second] = libraries as [Loaded, Loaded];
  const paired = first.times.map((t, i) => second.times[i]! / t);
  process.stdout.write(`B / A, turn by turn: ${paired.map((r) => r.toFixed(2)).join(" ")}; median ${spreadOf(paired)!.median.toFixed(2)}\n`);
}

async function load(folder: string): Promise<Loaded> {
  const url = (file: string) => pathToFileURL(join(resolve(folder), file)).href;
  try {
    return { label: folder, api: (await import(url("index.js"))) as typeof LibraryModule, graph: (await import(url("graph/task-graph.js"))) as typeof Graph, times: [] };
  } catch (error) {
    throw new Error(`${folder} is not a built library (${(error as Error).message}). Give a dist/ folder, after npm run build.\n${usage}`);
  }
}

/** One turn: a fresh folder, a pipeline made with the library's own functions, timed from making it. */
async function measure(library: Loaded, workload: string, n: number, root: string): Promise<number> {
  const { api } = library;
  mkdirSync(join(root, "out"), { recursive: true });
  const started = performance.now();
  if (workload === "walk") {
    const graph = new library.graph.TaskGraph({ expandComplete: true });
    await api.withWorkspace({ root, memory: new api.MemoryBucket() }, () => graph.extend(layeredPipeline(n, "flat", api)));
  } else {
    const summary = await api.build(memoryPipeline(n, api), { projectRoot: root, store: join(root, "state.db"), memory: new api.MemoryBucket() });
    if (!summary.ok) throw new Error(`${library.label}: the build failed (${JSON.stringify(summary.counts)})`);
  }
  return performance.now() - started;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
});
