// What any engine with Pipewright's task API must spend per task, without the engine: the
// benchmark's fan-in run by a bare loop, one duty added at a time (calling the task's own `run`,
// writing through the library's own file target, a fingerprint, a record sent to another
// thread), then by `build()`, in turns in one process. It answers how far the engine's own work
// could shrink before the duties themselves are what is left.
// Usage: npx tsx bench/bare-executor.ts [--tasks 100000] [--turns 3] [--dir /dev/shm]
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
// The library's own fingerprint and store rows, so that those rungs cost what they cost in a run.
import { computeFingerprint } from "../dist/engine/fingerprint.js";
import { build, type AnyTaskInstance, type AnyDataTarget, type JsonValue, type PendingWrite } from "../dist/index.js";
import type { SqliteRow } from "../dist/store/sqlite/sqlite-queries.js";
import { eventRow, taskResultRow } from "../dist/store/sqlite/sqlite-rows.js";
import { isPromise } from "../dist/util/maybe-promise.js";
import { spreadOf } from "./combine-repeats.js";
import { fanInPipeline } from "./pipelines.js";
import { parseToolArgs } from "./tool-args.js";

const usage = "Usage: npx tsx bench/bare-executor.ts [--tasks 100000] [--turns 3] [--dir /dev/shm]";

/** What `run` is handed: the fields a task's code may read (as build() passes them). */
interface RunArgs {
  readonly params: unknown;
  readonly output: unknown;
  readonly input: unknown;
  readonly taskId: string;
  readonly attempt: number;
}
type Run = (args: RunArgs) => Promise<void> | void;

/** Each rung does what the one before it does, and one duty more. */
const rungs = ["plain loop", "+ the task's run", "+ the library's target", "+ a fingerprint", "+ a record to a thread", "build()"] as const;
type Rung = (typeof rungs)[number];

/** The leaves of the fan-in, with what each rung needs of them, from the public API alone. */
function leavesOf(n: number): AnyTaskInstance[] {
  const [root] = fanInPipeline(n, "flat");
  return root!.requires() as AnyTaskInstance[];
}

/** A leaf has no requirements: no input hashes to look up. */
const noHashes = new Map<string, string>();

async function runRung(rung: Rung, n: number, folder: string, sink: Worker): Promise<number> {
  mkdirSync(join(folder, "out"), { recursive: true });
  // Relative outputs resolve against the current folder when no run has set a project.
  process.chdir(folder);
  const started = performance.now();
  if (rung === "build()") {
    await build(fanInPipeline(n, "flat"), { projectRoot: folder, store: join(folder, "state.db") });
    return performance.now() - started;
  }
  if (rung === "plain loop") {
    for (let i = 0; i < n; i++) {
      const final = join(folder, `out/leaf-${i}.txt`);
      writeFileSync(`${final}.tmp`, `${i}\n`);
      renameSync(`${final}.tmp`, final);
    }
    return performance.now() - started;
  }
  // The walk and the completeness check every rung from here makes: one folder listing.
  const leaves = leavesOf(n);
  const present = new Set(readdirSync(join(folder, "out")));
  let batch: SqliteRow[] = [];
  for (const leaf of leaves) {
    const target = leaf.output() as AnyDataTarget;
    if (present.has(target.location.slice("out/".length))) continue;
    const run = leaf.definition.run as Run;
    if (rung === "+ the task's run") {
      const temp = join(folder, `${target.location}.tmp`);
      const output = { write: async (data: string) => writeFileSync(temp, data) };
      await run({ params: leaf.params, output, input: undefined, taskId: leaf.id, attempt: 1 });
      renameSync(temp, join(folder, target.location));
      continue;
    }
    const opened = target.beginWrite();
    const pending = (isPromise(opened) ? await opened : opened) as PendingWrite<unknown>;
    await run({ params: leaf.params, output: pending.writer, input: undefined, taskId: leaf.id, attempt: 1 });
    const committed = pending.commit();
    if (isPromise(committed)) await committed;
    if (rung === "+ the library's target") continue;
    const fingerprint = computeFingerprint(leaf, [], noHashes);
    if (rung === "+ a fingerprint") continue;
    // A result row and an event row, as the SQLite store's writer thread is sent them.
    const now = Date.now();
    const params = fingerprint.params as JsonValue;
    batch.push(taskResultRow({ taskId: leaf.id, taskName: leaf.name, params, status: "succeeded", runId: "run", attempts: 1, startedAt: now, finishedAt: now, error: null, fingerprint: fingerprint as unknown as JsonValue }));
    batch.push(eventRow({ runId: "run", type: "task_succeeded", taskId: leaf.id, at: now, data: { attempt: 1, durationMs: 0, startedAt: now } }));
    if (batch.length >= 4096) {
      sink.postMessage(batch);
      batch = [];
    }
  }
  if (batch.length > 0) sink.postMessage(batch);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { counts, dir } = parseToolArgs(process.argv.slice(2), { tasks: 100_000, turns: 3 }, usage);
  const { tasks: n, turns } = counts;
  // The thread the records go to: it takes them and drops them, on the other core.
  const sink = new Worker("require('node:worker_threads').parentPort.on('message', () => {})", { eval: true });
  const parent = mkdtempSync(join(dir, "pipewright-bare-"));
  const home = process.cwd();
  const times = new Map<Rung, number[]>(rungs.map((rung) => [rung, []]));
  try {
    // One untimed turn first (compiling), then turns in alternating order.
    for (let turn = 0; turn <= turns; turn++) {
      for (const rung of turn % 2 === 0 ? rungs : [...rungs].reverse()) {
        const folder = join(parent, `${turn}-${rungs.indexOf(rung)}`);
        const ms = await runRung(rung, turn === 0 ? Math.min(n, 1000) : n, folder, sink);
        process.chdir(home);
        rmSync(folder, { recursive: true, force: true });
        if (turn > 0) times.get(rung)!.push((ms * 1000) / n);
      }
    }
  } finally {
    process.chdir(home);
    rmSync(parent, { recursive: true, force: true });
    await sink.terminate();
  }
  console.log(`${n.toLocaleString("en-US")} tasks of the benchmark's fan-in in ${dir}, ${turns} turns; µs per task (median, and each turn)`);
  for (const rung of rungs) {
    const each = times.get(rung)!;
    const { median } = spreadOf(each)!;
    console.log(`${rung.padEnd(24)} ${median.toFixed(1).padStart(6)}   ${each.map((us) => us.toFixed(1)).join(" ")}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
