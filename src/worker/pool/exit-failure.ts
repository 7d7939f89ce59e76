import { formatDuration } from "../../params/duration-text.js";
import { poolFailure } from "./attempt-error.js";
import type { AttemptResult } from "./pool-types.js";

type Failure = Extract<AttemptResult, { ok: false }>;

/** What V8 prints to stderr when the heap limit is reached, before aborting the process. */
const outOfMemoryText = /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory/;

export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The last few kilobytes the process wrote to stderr. */
  readonly stderrTail: string;
  /** The heap limit given to the process, for the message. */
  readonly maxOldSpaceMb: number | undefined;
}

/** The failure of an attempt whose process ended before the attempt did. */
export function exitFailure(taskId: string, end: ProcessEnd): Failure {
  if (outOfMemoryText.test(end.stderrTail)) {
    const limit = end.maxOldSpaceMb === undefined ? "" : ` (heap limit ${end.maxOldSpaceMb} MB)`;
    return {
      ok: false,
      reason: "out_of_memory",
      error: poolFailure(`${taskId} failed: the task's process ran out of memory${limit}. Give it more memory (maxOldSpaceMb) or process the data in smaller pieces.`),
    };
  }
  if (end.signal !== null) {
    return { ok: false, reason: "signal", error: poolFailure(
        `${taskId} failed: the task's process was killed by ${end.signal}.` +
          (end.signal === "SIGKILL" ? " Often the system's out-of-memory killer, or a kill from outside: give it more memory, or run fewer tasks at once." : ""),
      ) };
  }
  return {
    ok: false,
    reason: "exited",
    error: poolFailure(`${taskId} failed: the task's process exited with code ${end.code ?? "?"} before the task finished. Throw an error instead of calling process.exit().`),
  };
}

/** The attempt was stopped at its time limit. */
export function timeoutFailure(taskId: string, timeoutMs: number): Failure {
  return { ok: false, reason: "timeout", error: poolFailure(`${taskId} timed out after ${formatDuration(timeoutMs)}; its process was stopped.`) };
}

/** The attempt was stopped because the run was interrupted (or the pool closed). */
export function abortFailure(taskId: string): Failure {
  return { ok: false, reason: "aborted", error: poolFailure(`${taskId} was interrupted; its process was stopped.`) };
}
