import type { RunSummary } from "./summary.js";

/** An error as it travels in events, summaries and the store: plain data. */
export interface ErrorInfo {
  readonly code: string | null;
  readonly message: string;
  readonly stack: string | null;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

interface Base {
  readonly runId: string;
  readonly at: number;
}

/** What happens during a run, in order. Listen with `build(tasks, { onEvent })`; the store keeps them too. */
export type PipelineEvent =
  | (Base & { readonly type: "run_started"; readonly rootTaskIds: readonly string[] })
  | (Base & {
      readonly type: "graph_extended";
      /** Tasks added to the run by this walk (the first one, or a dynamic requirement's). */
      readonly added: number;
      /** Of those, how many will run. */
      readonly toRun: number;
    })
  | (Base & { readonly type: "task_started"; readonly taskId: string; readonly attempt: number; readonly reason: string })
  | (Base & { readonly type: "task_succeeded"; readonly taskId: string; readonly attempt: number; readonly durationMs: number })
  | (Base & { readonly type: "task_failed"; readonly taskId: string; readonly attempt: number; readonly durationMs: number; readonly error: ErrorInfo })
  | (Base & { readonly type: "task_retried"; readonly taskId: string; readonly attempt: number; readonly delayMs: number; readonly error: ErrorInfo })
  | (Base & {
      readonly type: "task_skipped";
      readonly taskId: string;
      readonly status: "already_complete" | "upstream_failed" | "missing_input" | "ran_elsewhere";
      readonly reason: string;
    })
  | (Base & {
      readonly type: "task_log";
      readonly taskId: string;
      readonly level: LogLevel;
      readonly message: string;
      /** Set for lines the task's process printed (tasks run in child processes). */
      readonly stream?: "stdout" | "stderr";
    })
  | (Base & { readonly type: "run_finished"; readonly summary: RunSummary });

export type PipelineEventType = PipelineEvent["type"];
export type EventOf<T extends PipelineEventType> = Extract<PipelineEvent, { type: T }>;

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === "string" ? code : null, message: error.message, stack: error.stack ?? null };
  }
  return { code: null, message: String(error), stack: null };
}
