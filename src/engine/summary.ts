import type { JsonValue } from "../util/json.js";

/** How each task ended in a run. */
export const taskStatuses = ["ran", "already_complete", "failed", "upstream_failed", "missing_input", "ran_elsewhere"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export interface TaskSummary {
  readonly id: string;
  readonly name: string;
  readonly params: { readonly [name: string]: JsonValue };
  readonly status: TaskStatus;
  readonly attempts: number;
  readonly durationMs: number;
  /** The failure's message (first lines), or null. */
  readonly error: string | null;
  /** For `upstream_failed`: the failed or missing tasks that blocked it. */
  readonly blockedBy?: readonly string[];
  /** For `missing_input`: the paths (or other locations) that do not exist. */
  readonly missing?: readonly string[];
}

export type StatusCounts = { readonly [S in TaskStatus]: number };

/**
 * What a run did: the same object `pipewright run --json` prints and `build()` resolves to.
 * `exitCode`: 0 all requested tasks complete; 1 a task failed or was blocked by a failure;
 * 2 bad usage; 3 missing external input; 4 graph error; 130 interrupted.
 */
export interface RunSummary {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly runId: string;
  readonly counts: StatusCounts;
  readonly tasks: readonly TaskSummary[];
  /** A failure of the run itself (bad usage, graph error), or null. */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/**
 * The summary as the store keeps it: everything but the per-task list. Each task that did
 * something has its events (`task_succeeded`, `task_failed`, `task_skipped`) and its record, and
 * already-complete tasks are counted: a rerun of 100,000 complete tasks stores counts, not
 * 10 MB of entries that say "already complete".
 */
export type StoredRunSummary = Omit<RunSummary, "tasks">;

export function storedSummary(summary: RunSummary): StoredRunSummary {
  const { tasks: _tasks, ...stored } = summary;
  return stored;
}

export function countStatuses(tasks: readonly TaskSummary[]): StatusCounts {
  const counts = Object.fromEntries(taskStatuses.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const t of tasks) counts[t.status]++;
  return counts;
}

/** The first lines of an error message: enough to see what went wrong in a summary. */
export function firstLines(message: string, lines = 12): string {
  const all = message.split("\n");
  return all.length <= lines ? message : [...all.slice(0, lines), `… (${all.length - lines} more lines)`].join("\n");
}
