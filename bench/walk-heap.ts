// What the graph walk keeps per task, measured where it peaks: a heap snapshot (after a full
// collection) at the first task of a build of the fan-in or layered pipeline, summed by kind of
// object. What the walk keeps sets how far the old generation grows during the rest of the run,
// and so the peak RSS; unlike RSS, this does not move from run to run.
// Usage: npm run -s build && npx tsx bench/walk-heap.ts [fan-in|layered] [N] [--top 15] [--dir /dev/shm]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { build } from "../dist/index.js";
import { fanInPipeline, layeredPipeline } from "./pipelines.js";
import { parseToolArgs } from "./tool-args.js";

interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: [string[], ...unknown[]] } };
  readonly nodes: number[];
  readonly strings: string[];
}

const usage = "Usage: npx tsx bench/walk-heap.ts [fan-in|layered] [N, a multiple of 10] [--top 15] [--dir <folder>]";
const { counts: { top }, dir: parent, positionals } = parseToolArgs(process.argv.slice(2), { top: 15 }, usage);
const [shape = "fan-in", size = "100000"] = positionals;
const n = Number(size);
if (!["fan-in", "layered"].includes(shape) || !Number.isInteger(n) || n < 10 || n % 10 !== 0) {
  throw new Error(`Not a workload and size this tool runs: ${positionals.join(" ") || "(none)"}.\n${usage}`);
}

const dir = mkdtempSync(join(parent, "pipewright-walk-heap-"));
try {
  let file: string | undefined;
  const roots = shape === "fan-in" ? fanInPipeline(n, "flat") : layeredPipeline(n, "flat");
  await build(roots, {
    projectRoot: dir,
    store: join(dir, "state.db"),
    onEvent: (event) => {
      if (event.type === "task_started" && file === undefined) file = writeHeapSnapshot(join(dir, "walk.heapsnapshot"));
    },
  });
  if (file === undefined) throw new Error("no task started, so there was no walk to measure");

  const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [width, typeAt, nameAt, sizeAt] = [fields.length, fields.indexOf("type"), fields.indexOf("name"), fields.indexOf("self_size")];
  const byKind = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (let at = 0; at < heap.nodes.length; at += width) {
    const type = types[heap.nodes[at + typeAt]!]!;
    // Objects by constructor (a plain object is "Object"), everything else by its V8 type.
    const kind = type === "object" ? heap.strings[heap.nodes[at + nameAt]!]! : `(${type})`;
    const bytes = heap.nodes[at + sizeAt]!;
    const entry = byKind.get(kind) ?? { bytes: 0, count: 0 };
    entry.bytes += bytes;
    entry.count++;
    byKind.set(kind, entry);
    total += bytes;
  }
  const tasks = shape === "fan-in" ? n + 1 : n;
  process.stdout.write(`${shape}, ${tasks.toLocaleString("en")} tasks: ${(total / 1e6).toFixed(1)} MB on the heap at the first task, ${Math.round(total / tasks)} bytes per task\n\n`);
  for (const [kind, { bytes, count }] of [...byKind].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
    process.stdout.write(`${String(Math.round(bytes / tasks)).padStart(6)} B/task  ${count.toLocaleString("en").padStart(9)}  ${kind}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
