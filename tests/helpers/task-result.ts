import type { TaskResult } from "../../src/store/store.js";

/** A task's successful result, as a run would record it; `overrides` sets what a test cares about. */
export function succeededResult(taskId: string, runId: string, overrides: Partial<TaskResult> = {}): TaskResult {
  return {
    taskId,
    taskName: "t",
    params: {},
    status: "succeeded",
    runId,
    attempts: 1,
    startedAt: 1,
    finishedAt: 2,
    error: null,
    fingerprint: null,
    ...overrides,
  };
}
