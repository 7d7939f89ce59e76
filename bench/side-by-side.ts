// Two builds of the library measured in turns in one process. On a VM whose speed drifts by a
// third within an hour, runs a minute apart differ by more than most changes make; turns a second
// apart, in one process, much less. For the graph walk before the first task (the layered graph,
// on outputs that do not exist yet) and for engine-only builds.
// Usage: npx tsx bench/side-by-side.ts <library A> <library B> [walk|engine-only] [N] [--turns 6] [--dir /dev/shm]
// A library is a built dist/ folder: ./dist, and an older commit's from a worktree
// (git worktree add /tmp/base <rev> && ln -s "$PWD/node_modules" /tmp/base/ && (cd /tmp/base && npm run build)).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type * as Library from "../dist/index.js";
import type * as Graph from "../dist/graph/task-graph.js";

const usage = "Usage: npx tsx bench/side-by-side.ts <library A> <library B> [walk|engine-only] [N] [--turns 6] [--dir <folder>]";

interface Loaded {
  readonly label: string;
  readonly api: typeof Library;
  readonly graph: typeof Graph;
  readonly times: number[];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { turns: { type: "string" }, dir: { type: "string" } }, allowPositionals: true });
  const [a, b, workload = "walk", size = "100000"] = positionals;
  const n = Number(size);
  const turns = Number(values.turns ?? 6);
  if (a === undefined || b === undefined) throw new Error(`Give two built libraries (dist/ folders) to compare.\n${usage}`);
  if (!["walk", "engine-only"].includes(workload) || !Number.isInteger(n) || n < 10 || n % 10 !== 0) throw new Error(`Not a workload and size this tool runs: ${workload} ${size}.\n${usage}`);
  if (!Number.isInteger(turns) || turns < 2) throw new Error(`--turns takes a whole number, 2 or more, got ${values.turns}.\n${usage}`);
  const libraries = [await load(a), await load(b)];
  const dir = mkdtempSync(join(values.dir ?? tmpdir(), "pipewright-side-by-side-"));
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
    process.stdout.write(`${library.label}: ${library.times.map((t) => t.toFixed(0)).join(" ")} ms, median ${median(library.times).toFixed(0)} ms\n`);
  }
  const [first, second] = libraries as [Loaded, Loaded];
  const paired = first.times.map((t, i) => second.times[i]! / t);
  process.stdout.write(`B / A, turn by turn: ${paired.map((r) => r.toFixed(2)).join(" ")}; median ${median(paired).toFixed(2)}\n`);
}

async function load(folder: string): Promise<Loaded> {
  const url = (file: string) => pathToFileURL(join(resolve(folder), file)).href;
  try {
    return { label: folder, api: (await import(url("index.js"))) as typeof Library, graph: (await import(url("graph/task-graph.js"))) as typeof Graph, times: [] };
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
    await api.withWorkspace({ root, memory: new api.MemoryBucket() }, () => graph.extend(layered(api, n)));
  } else {
    const summary = await api.build(engineOnly(api, n), { projectRoot: root, store: join(root, "state.db"), memory: new api.MemoryBucket() });
    if (!summary.ok) throw new Error(`${library.label}: the build failed (${JSON.stringify(summary.counts)})`);
  }
  return performance.now() - started;
}

/** bench/pipelines.ts's layered graph, made with `api`. */
function layered(api: typeof Library, n: number): Library.AnyTaskInstance[] {
  const width = n / 10;
  let below: ((params: { i: number }) => Library.AnyTaskInstance) | undefined;
  for (let layer = 0; layer < 10; layer++) {
    const lower = below;
    const factory = api.task(`L${layer}`, {
      params: { i: api.param.int() },
      requires: ({ i }) => (lower ? [lower({ i }), lower({ i: (i + 1) % width })] : []),
      output: ({ i }) => api.localFile(`out/L${layer}-${i}.txt`),
      async run({ params, output }) {
        await output.write(`${params.i}\n`);
      },
    });
    below = (params) => factory(params);
  }
  return Array.from({ length: width }, (_, i) => below!({ i }));
}

/** bench/pipelines.ts's memory pipeline, made with `api`. */
function engineOnly(api: typeof Library, n: number): Library.AnyTaskInstance[] {
  const cell = api.task("cell", {
    params: { i: api.param.int() },
    output: ({ i }) => api.memory<number>(`cell-${i}`),
    async run({ params, output }) {
      await output.write(params.i);
    },
  });
  const all = api.task("all", { params: { n: api.param.int() }, requires: ({ n }) => Array.from({ length: n }, (_, i) => cell({ i })) });
  return [all({ n })];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
});
