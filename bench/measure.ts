import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchArgs } from "./bench-args.js";
import type { ChildSpec } from "./child-protocol.js";
import { combineRepeats, type Spread } from "./combine-repeats.js";
import { isTimeout, runChild, type ChildOutcome } from "./spawn-child.js";
import { graphSize, type Workload } from "./workloads.js";

/** One line of the report: a workload at one size, next to its floor. */
export interface ResultRow {
  readonly kind: "result";
  readonly workload: string;
  /** N as asked; `tasks` is the graph's size (the fan-in wrapper counts). */
  readonly n: number;
  readonly tasks: number;
  readonly status: "ok" | "error" | "timeout" | "not_available";
  /** `build()`'s `workers`: above 1, the tasks ran in a process pool of that many processes. */
  readonly workers: number;
  readonly wallMs: number | null;
  /** Wall time / N. */
  readonly perTaskUs: number | null;
  /**
   * Peak RSS of the processes that ran the workload: the scheduler's (`maxRSS`) plus, with a
   * process pool, `poolPeakRssMB`. Where the pool's could not be measured (not Linux), the
   * scheduler's alone and `poolPeakRssMB` is null.
   */
  readonly peakRssMB: number | null;
  /** The pool processes' peaks (VmHWM), summed: an upper bound of their peak together. */
  readonly poolPeakRssMB: number | null;
  /** How many pool processes `poolPeakRssMB` covers. */
  readonly poolProcesses: number | null;
  /** The highest RSS sampled every 20 ms in the scheduler's process: a cross-check of its `maxRSS`. */
  readonly sampledPeakRssMB: number | null;
  /** RSS of the child before the workload started (Node + tsx + the sources). */
  readonly baseRssMB: number | null;
  readonly floorMs: number | null;
  readonly ratio: number | null;
  /** The same writes through the asynchronous fs API (fs.promises), for reference. */
  readonly asyncFloorMs: number | null;
  readonly asyncRatio: number | null;
  readonly firstTaskMs: number | null;
  /** The untimed 1-task build before the measurement (module loading): not part of `wallMs`. */
  readonly warmupMs: number | null;
  /** How many times it was measured (the best is kept), and the 1-minute load average after. */
  readonly repeats: number;
  /** With repeats: time per task and ratio to the floor over them (each repeat's ratio to its own floor). */
  readonly perTaskUsSpread?: Spread;
  readonly ratioSpread?: Spread;
  readonly loadAverage: number;
  readonly note?: string;
}

/** Measures `args.repeat` times and combines them (see `combineRepeats`): a failed repeat ends it. */
export async function measureRepeats(workload: Workload, n: number, args: BenchArgs): Promise<ResultRow> {
  const rows: ResultRow[] = [];
  for (let i = 0; i < args.repeat; i++) {
    const row = await measure(workload, n, args);
    rows.push(row);
    if (row.status !== "ok") return { ...row, repeats: rows.length };
  }
  return combineRepeats(rows);
}

/** Runs one workload at one size in a fresh temp folder: its floor(s), then the engine. */
export async function measure(workload: Workload, n: number, args: BenchArgs): Promise<ResultRow> {
  const empty = { wallMs: null, perTaskUs: null, peakRssMB: null, poolPeakRssMB: null, poolProcesses: null, sampledPeakRssMB: null, baseRssMB: null, floorMs: null, ratio: null, asyncFloorMs: null, asyncRatio: null, firstTaskMs: null, warmupMs: null };
  const base = { kind: "result" as const, workload: workload.name, n, tasks: graphSize(workload, n), workers: workload.workers ?? 1, repeats: 1, loadAverage: 0 };
  if (workload.what === "unavailable") return { ...base, ...empty, status: "not_available", note: workload.description };

  const root = await mkdtemp(join(args.dir ?? tmpdir(), `pw-bench-${workload.name}-${n}-`));
  const spec = (mode: ChildSpec["mode"]): ChildSpec => ({ workload: workload.name, n, layout: args.layout, mode, root });
  const plain = { timeoutSec: args.timeoutSec };
  try {
    if (workload.what === "rerun") {
      const prepared = await runChild(spec("prepare"), plain);
      if (isTimeout(prepared) || !prepared.ok) return { ...base, ...empty, status: "error", note: `preparing the outputs failed: ${describe(prepared)}` };
    }
    const floor = await runChild(spec("floor"), plain);
    const viaPromises = workload.what === "write" && args.asyncFloor ? await runChild(spec("async-floor"), plain) : undefined;
    const profileFile = args.profileDir === undefined ? undefined : join(resolve(args.profileDir), `${workload.name}-${n}.cpuprofile`);
    if (args.profileDir !== undefined) await mkdir(args.profileDir, { recursive: true });
    const engine = await runChild({ ...spec("engine"), ...(profileFile !== undefined && { profileFile }) }, plain);
    const floorMs = !isTimeout(floor) && floor.ok ? floor.wallMs : null;
    const asyncFloorMs = viaPromises && !isTimeout(viaPromises) && viaPromises.ok ? viaPromises.wallMs : null;
    // Without its floor a row has no ratio: say why rather than leave the column blank.
    const floorNote = floorMs === null ? `the floor failed: ${describe(floor)}` : undefined;
    const keptNote = args.keep ? `kept ${root}` : undefined;
    if (isTimeout(engine)) {
      const done = workload.what === "write" ? `, ${(await countOutputs(root)).toLocaleString("en-US")} of ${n.toLocaleString("en-US")} outputs written` : "";
      const notes = [`killed after ${Math.round(engine.afterMs / 1000)} s${done}`, floorNote, keptNote].filter(Boolean).join("; ");
      return { ...base, ...empty, floorMs, asyncFloorMs, loadAverage: currentLoad(), status: "timeout", note: notes };
    }
    // A build that threw measured nothing; one that ran but not as the workload means (its
    // counts say so) still took the time it took.
    const wallMs = engine.ok || engine.counts !== undefined ? engine.wallMs : null;
    return {
      ...base,
      loadAverage: currentLoad(),
      status: engine.ok ? "ok" : "error",
      wallMs,
      perTaskUs: wallMs === null ? null : (wallMs * 1000) / n,
      peakRssMB: engine.peakRssMB + (engine.poolPeakRssMB ?? 0),
      poolPeakRssMB: engine.poolPeakRssMB ?? null,
      poolProcesses: engine.poolProcesses ?? null,
      sampledPeakRssMB: engine.sampledPeakRssMB ?? null,
      baseRssMB: engine.baseRssMB,
      floorMs,
      ratio: floorMs && wallMs !== null ? wallMs / floorMs : null,
      asyncFloorMs,
      asyncRatio: asyncFloorMs && wallMs !== null ? wallMs / asyncFloorMs : null,
      firstTaskMs: engine.firstTaskMs,
      warmupMs: engine.warmupMs ?? null,
      ...((engine.error ?? floorNote ?? keptNote) !== undefined && { note: [firstLine(engine.error), floorNote, keptNote].filter(Boolean).join("; ") }),
    };
  } finally {
    // Deleting 100,000 files grows a process by ~100 MB; in the parent that would show up in the
    // next child's maxRSS (Linux keeps it across exec), so a child does it.
    if (!args.keep) await runChild(spec("remove"), plain).finally(() => rm(root, { recursive: true, force: true }));
  }
}

/** What went wrong in a child, in one line (its stack stays out of the report). */
function describe(outcome: ChildOutcome): string {
  return isTimeout(outcome) ? `timed out after ${Math.round(outcome.afterMs / 1000)} s` : (firstLine(outcome.error) ?? "unknown error");
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split("\n")[0];
}

function currentLoad(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

/** How far a killed run got: the outputs in place (temp files start with a dot). */
async function countOutputs(root: string): Promise<number> {
  const names = await readdir(join(root, "out"), { recursive: true }).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith(".txt") && !name.split("/").pop()!.startsWith(".")).length;
}
