import type { PipelineEvent } from "../engine/events.js";
import { load, type LoadedData } from "../engine/load.js";
import type { RunSummary } from "../engine/summary.js";
import type { AnyTaskInstance, OutputOf } from "../task/task-types.js";
import type { LogEntry } from "./data-types.js";
import { describeFailure, sandboxedRun, type SandboxOptions } from "./sandboxed-run.js";

export interface PipelineOptions extends SandboxOptions {
  /** Resolve with the summary even when a task fails (default: reject with a readable account). */
  readonly allowFailure?: boolean;
}

/** A finished sandboxed run. Call `cleanup()` when done (or use `withPipeline`). */
export interface PipelineRun {
  /** The same summary `build()` gives and `pipewright run --json` prints. */
  readonly summary: RunSummary;
  /** Ids of the tasks that ran, dependencies first. */
  readonly ran: readonly string[];
  /** Ids of the tasks stubs replaced. */
  readonly stubbed: readonly string[];
  /** The sandbox folder: relative target paths resolved here. */
  readonly dir: string;
  readonly events: readonly PipelineEvent[];
  /** Reads a task's outputs from the sandbox, typed from its output. */
  read<I extends AnyTaskInstance>(instance: I): Promise<LoadedData<OutputOf<I>>>;
  /** What a task logged during the run (a task instance or its id). */
  logs(task: AnyTaskInstance | string): readonly LogEntry[];
  /** Removes the sandbox. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * Builds a task and what it needs in a temporary folder with an in-memory store, so nothing of
 * the project is read or written. Seed external inputs with `files`, replace expensive upstream
 * tasks with `stubs`. Rejects with a readable account if a task fails (unless `allowFailure`).
 *
 * @example
 * const p = await runPipeline(report({ date: "2024-01-01" }), { files: { "input/sales-2024-01-01.csv": csvText } });
 * try {
 *   expect(await p.read(regionTotals({ date: "2024-01-01" }))).toEqual({ east: 3 });
 * } finally {
 *   await p.cleanup();
 * }
 */
export async function runPipeline(root: AnyTaskInstance | readonly AnyTaskInstance[], options: PipelineOptions = {}): Promise<PipelineRun> {
  const run = await sandboxedRun(root, options, "runPipeline");
  const { summary, sandbox, events } = run;
  if (!summary.ok && !options.allowFailure) {
    await sandbox.remove();
    throw new Error(`${describeFailure(summary, `runPipeline(${run.roots.map((r) => r.id).join(", ")})`)}\nPass allowFailure: true to inspect the summary instead.`);
  }
  return {
    summary,
    ran: summary.tasks.filter((t) => t.status === "ran").map((t) => t.id),
    stubbed: [...run.substitutions.stubbed],
    dir: sandbox.dir,
    events,
    read: (instance) => load(instance, { projectRoot: sandbox.dir, memory: sandbox.memory }),
    logs: (task) => {
      const id = typeof task === "string" ? task : task.id;
      return events.flatMap((e) => (e.type === "task_log" && e.taskId === id ? [{ level: e.level, message: e.message }] : []));
    },
    cleanup: () => sandbox.remove(),
  };
}

/**
 * `runPipeline`, then `fn` with the run, then the sandbox removed whatever happens.
 *
 * @example
 * await withPipeline(report({ date: "2024-01-01" }), { stubs: [stub(cleanSales, rows)] }, async (p) => {
 *   expect(await p.read(report({ date: "2024-01-01" }))).toContain("# Sales on 2024-01-01");
 * });
 */
export async function withPipeline<T>(
  root: AnyTaskInstance | readonly AnyTaskInstance[],
  options: PipelineOptions,
  fn: (run: PipelineRun) => Promise<T> | T,
): Promise<T> {
  const run = await runPipeline(root, options);
  try {
    return await fn(run);
  } finally {
    await run.cleanup();
  }
}
