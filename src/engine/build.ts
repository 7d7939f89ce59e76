import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { loadTasks } from "../task/task-registry.js";
import { createProcessPool, type ProcessPool } from "../worker/pool/index.js";
import { isPipewrightError } from "../errors.js";
import type { Substitute } from "../graph/task-graph.js";
import type { StalenessMode } from "./staleness.js";
import type { Store } from "../store/store.js";
import type { AnyTaskInstance } from "../task/task-types.js";
import type { JsonValue } from "../util/json.js";
import type { PipelineEvent } from "./events.js";
import { hostIdentity } from "../util/host-identity.js";
import { asInstances, inProject, resolveStore, type ProjectOptions } from "./run-context.js";
import { recordCrashedRuns } from "./crashed-runs.js";
import { ProgressWriter } from "./progress-writer.js";
import { RunHeartbeat } from "./run-heartbeat.js";
import { RunLoop } from "./run-loop.js";
import { countStatuses, storedSummary, type RunSummary, type TaskSummary } from "./summary.js";

/** What seeds every task's `random()` unless a run says otherwise; tests use the same. */
export const defaultSeed = "pipewright";

export interface BuildOptions extends ProjectOptions {
  /** A store, or its URL (`memory`, a `.db` file). Default: the embedded SQLite store in `.pipewright/`. */
  readonly store?: Store | string;
  /** How many tasks run at once (default 1). */
  readonly workers?: number;
  /** Extra attempts for tasks that do not set `retries` (default 0). */
  readonly retries?: number;
  /** First retry delay in ms for tasks that do not set `retryDelay` (default 1000). */
  readonly retryDelay?: number;
  /** Called for every event, as it happens. */
  readonly onEvent?: (event: PipelineEvent) => void;
  /** Stops starting tasks and tells running ones (their `signal`) when aborted. */
  readonly signal?: AbortSignal;
  /** The clock (ms since the epoch); tests pass a fake one. */
  readonly now?: () => number;
  /** How long a task's lease lives without a heartbeat (default 30 s). */
  readonly leaseTtlMs?: number;
  /** Seeds every task's `random()` (default "pipewright"): change it to draw other numbers. */
  readonly seed?: string;
  /** @internal Test seam used by `pipewright/testing` to stub tasks. */
  readonly substitute?: Substitute;
  /**
   * `"outputs"` (default): a task is complete when its outputs exist. `"fingerprint"`: and
   * when its version, parameters and inputs are what produced them; stale tasks rerun.
   */
  readonly staleness?: StalenessMode;
  /** Tasks to rerun whatever their state. */
  readonly force?: readonly AnyTaskInstance[];
  /** Limits of named resources: `{ gpu: 1, db: 2 }`. Tasks declare what they hold with `resources`. */
  readonly resources?: Readonly<Record<string, number>>;
  /**
   * The pipeline modules (files exporting the tasks). With `workers > 1`, tasks they export run
   * in a pool of child processes that load them: CPU-bound steps really run in parallel and a
   * crash in one never takes down the run. Without modules, everything runs in this process.
   */
  readonly modules?: readonly string[];
  /** @internal A pool already started for these modules (the CLI starts it early); left open. */
  readonly processPool?: ProcessPool;
}

/**
 * Builds the given tasks and everything they need that is not complete yet, then resolves to
 * the run's summary (the same object `pipewright run --json` prints). Throws only on misuse;
 * failures, missing inputs and graph errors are in the summary and its `exitCode`.
 *
 * @example
 * const summary = await build(report({ date: "2024-01-01" }), { workers: 2 });
 * if (!summary.ok) console.error(summary.tasks.filter((t) => t.status === "failed"));
 */
export async function build(tasks: AnyTaskInstance | readonly AnyTaskInstance[], options: BuildOptions = {}): Promise<RunSummary> {
  const roots = asInstances(tasks, "build");
  const now = options.now ?? Date.now;
  const started = now();
  const runId = randomUUID();
  const { store, owned } = resolveStore(options.store, options.projectRoot);
  await store.init();
  const heartbeat = new RunHeartbeat(store, runId, now);
  const progress = new ProgressWriter(store, options.onEvent ? { listener: options.onEvent } : {});
  const pool = await openPool(options);
  const loop = new RunLoop({
    store,
    runId,
    workers: options.workers ?? 1,
    now,
    signal: options.signal ?? new AbortController().signal,
    progress,
    defaultRetries: options.retries ?? 0,
    defaultRetryDelay: options.retryDelay ?? 1000,
    seed: options.seed ?? defaultSeed,
    startedAt: started,
    ...(options.resources && { resources: options.resources }),
    ...(pool && { pool }),
    staleness: { mode: options.staleness ?? "outputs", force: new Set((options.force ?? []).map((t) => t.id)) },
    ...(options.substitute && { substitute: options.substitute }),
    ...(options.leaseTtlMs !== undefined && { leaseTtlMs: options.leaseTtlMs }),
  });
  try {
    const rootTaskIds = roots.map((r) => r.id);
    const host = hostIdentity();
    await store.recordRunStarted({ runId, rootTaskIds, startedAt: started, host, pid: process.pid });
    heartbeat.start();
    // Runs whose process is gone would otherwise stay "running" in the history for ever.
    await recordCrashedRuns(store, { runId, host, now: now() });
    progress.emit({ type: "run_started", runId, at: started, rootTaskIds });
    let runError: RunSummary["error"] = null;
    try {
      await inProject(options, () => loop.run(roots));
    } catch (error) {
      if (!isPipewrightError(error)) throw error;
      runError = { code: error.code, message: describeRunError(error) };
    }
    const diskFull = loop.stoppedBy;
    const unstarted = diskFull === undefined ? 0 : loop.notStarted().length;
    if (!runError && diskFull !== undefined && unstarted > 0 && !options.signal?.aborted) {
      runError = {
        code: "disk_full",
        // The task's own error, in its summary, says which file and what the system answered.
        message: `The disk is full: ${diskFull} could not write its output, so no more tasks were started (${unstarted} did not start). Free some space, then run again (finished tasks are skipped).`,
      };
    }
    if (!runError && options.signal?.aborted) {
      const stopped = loop.interrupted;
      const waiting = loop.notStarted().length;
      runError = {
        code: "interrupted",
        message: `Interrupted.${stopped.length ? ` Stopped while running (outputs discarded): ${stopped.join(", ")}.` : ""} ${waiting} task${waiting === 1 ? "" : "s"} did not start.`,
      };
    }
    const summary = summarize(runId, started, now(), loop.summaries(), runError, options.signal?.aborted ?? false, loop.failureCodes);
    progress.emit({ type: "run_finished", runId, at: now(), summary });
    // A store that failed during the run is in the summary already: its error is the run's.
    await progress.flush().catch((error: unknown) => {
      if (!isPipewrightError(error, "store_error") || summary.error?.code !== "store_error") throw error;
    });
    await store.recordRunFinished({
      runId,
      status: summary.exitCode === 130 ? "interrupted" : summary.ok ? "succeeded" : "failed",
      finishedAt: now(),
      exitCode: summary.exitCode,
      summary: storedSummary(summary) as unknown as JsonValue,
    });
    return summary;
  } finally {
    await heartbeat.stop();
    // After a failure above: keep what can still be written, and let that failure be the one reported.
    await progress.flush().catch(() => undefined);
    if (pool && pool.pool !== options.processPool) await pool.pool.close();
    if (owned) await store.close();
  }
}

/** A process pool when there is parallel work and modules a child can load tasks from. */
async function openPool(options: BuildOptions) {
  const workers = options.workers ?? 1;
  if (workers <= 1 || !options.modules || options.modules.length === 0) return undefined;
  const projectRoot = resolve(options.projectRoot ?? process.cwd());
  const modules = options.modules.map((m) => resolve(projectRoot, m));
  const registry = await loadTasks(modules, projectRoot);
  let pool = options.processPool;
  if (!pool) {
    pool = createProcessPool({ size: workers, modules, projectRoot, paramDefaults: options.params ?? {}, fsync: options.fsync ?? false });
    // Children start while the graph is walked; a module that fails to load there fails its tasks.
    pool.warmUp().catch(() => undefined);
  }
  return { pool, registry, project: { projectRoot, params: options.params ?? {} } };
}

function summarize(
  runId: string,
  started: number,
  finished: number,
  tasks: TaskSummary[],
  error: RunSummary["error"],
  interrupted: boolean,
  failureCodes: ReadonlySet<string>,
): RunSummary {
  const counts = countStatuses(tasks);
  let exitCode = 0;
  if (interrupted) exitCode = 130;
  else if (error) exitCode = exitCodeForCode(error.code);
  else if (failureCodes.has("cycle") || failureCodes.has("graph_error")) exitCode = 4;
  else if (failureCodes.has("bad_config")) exitCode = 2;
  else if (counts.failed > 0 || blockedByAFailure(tasks)) exitCode = 1;
  else if (counts.missing_input > 0) exitCode = 3;
  return { ok: exitCode === 0, exitCode, durationMs: finished - started, runId, counts, tasks, error };
}

/** Whether a task was blocked by something other than a missing external input. */
function blockedByAFailure(tasks: readonly TaskSummary[]): boolean {
  const missing = new Set(tasks.filter((t) => t.status === "missing_input").map((t) => t.id));
  return tasks.some((t) => t.status === "upstream_failed" && !(t.blockedBy ?? []).every((id) => missing.has(id)));
}

/** Exit codes for failures of the run itself, by error code. */
export function exitCodeForCode(code: string): number {
  switch (code) {
    case "cycle":
    case "graph_error":
      return 4;
    case "missing_input":
      return 3;
    case "interrupted":
      return 130;
    case "bad_usage":
    case "bad_config":
    case "unknown_task":
    case "unknown_param":
    case "missing_param":
    case "invalid_param":
    case "invalid_definition":
      return 2;
    default:
      return 1;
  }
}

/** A graph error's message, with the stack of the user's code that threw, if any. */
function describeRunError(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error && !isPipewrightError(cause) && cause.stack) return `${error.message}\n${indent(cause.stack)}`;
  return error.message;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
