// What bench/run.ts and its child processes (bench/child.ts) say to each other.
import type { RunSummary } from "../dist/index.js";
import type { Layout } from "./bench-args.js";

export interface ChildSpec {
  readonly workload: string;
  readonly n: number;
  readonly layout: Layout;
  /**
   * `engine`: build() the pipeline; the floors: the plain loop; `prepare`: write every output;
   * `remove`: delete the temp folder (here, not in the parent: see `peakRssMB`).
   */
  readonly mode: "engine" | "floor" | "async-floor" | "prepare" | "remove";
  /** The project root (a fresh temp folder). */
  readonly root: string;
  /** Write a V8 CPU profile of the timed part here. */
  readonly profileFile?: string;
}

export interface ChildResult {
  readonly ok: boolean;
  readonly wallMs: number;
  /** From the build() call to the first task_started event; null when no task ran. */
  readonly firstTaskMs: number | null;
  /**
   * Peak RSS of this process (`resourceUsage().maxRSS`), and its RSS before the workload (the
   * runtime and tsx alone). On Linux maxRSS survives exec, so it is at least the parent's RSS at
   * spawn time: the parent keeps itself small (it deletes temp folders through a child).
   */
  readonly peakRssMB: number;
  /** The highest `memoryUsage.rss()` sampled every 20 ms during the workload: a cross-check. */
  readonly sampledPeakRssMB?: number;
  /**
   * With a process pool (Linux): the pool processes' own peaks (VmHWM, sampled every 20 ms and
   * once more as the run finishes, before the pool closes), summed; not part of `peakRssMB`.
   */
  readonly poolPeakRssMB?: number;
  /** How many pool processes that sum covers. */
  readonly poolProcesses?: number;
  readonly baseRssMB: number;
  /** Engine runs: the untimed 1-task build that loads the modules first. */
  readonly warmupMs?: number;
  readonly counts?: RunSummary["counts"];
  readonly error?: string;
}

/** The child prints its result as one stdout line starting with this. */
export const resultPrefix = "BENCH-RESULT ";
