import type { LogLevel } from "../../engine/events.js";
import type { ParamDefaults } from "../../task/param-defaults.js";
import type { JsonValue } from "../../util/json.js";

/** A task's parameters as JSON: each value in the form its param's `toJson` gives. */
export type ParamsJson = { readonly [name: string]: JsonValue };

/**
 * A task named across the process boundary. The receiving side rebuilds the instance with
 * `factory(params)` (factories accept the JSON forms) and checks that the id matches.
 */
export interface TaskRef {
  readonly taskName: string;
  readonly taskId: string;
  readonly params: ParamsJson;
}

/** One attempt of one task, to run in a pool process. */
export interface PoolAttemptRequest extends TaskRef {
  /** 1 for the first attempt, 2 for the first retry… */
  readonly attempt: number;
  /** The run's seed: `random()` in the task is seeded with `${seed}:${taskId}`, as inline. */
  readonly seed: string;
  /** Stop the attempt after this long (time spent waiting on dynamic requirements not counted). */
  readonly timeoutMs?: number;
}

export interface PoolAttemptHooks {
  /** A `log()` message of the task. */
  readonly onLog: (level: LogLevel, message: string) => void;
  /** Text the task's process wrote, as it arrives. */
  readonly onOutput: (stream: "stdout" | "stderr", text: string) => void;
  /**
   * The task called `require(...)` while running: build these tasks, resolve once they are
   * complete (the child then reads their outputs itself), reject if they cannot be (keep a
   * `PipewrightError` code such as `upstream_failed`: it is passed on to the task).
   */
  readonly require: (requirements: readonly TaskRef[]) => Promise<void>;
  /** Aborting stops the attempt: SIGTERM to its process, SIGKILL after the grace period. */
  readonly signal: AbortSignal;
}

/** An error as plain data, as it crosses the process boundary. `code` is a PipewrightError code or null. */
export interface AttemptError {
  readonly code: string | null;
  readonly message: string;
  readonly stack: string | null;
  /** The PipewrightError's context (JSON-safe), e.g. `failed` of an `upstream_failed`. */
  readonly context?: { readonly [key: string]: JsonValue };
}

/** Why an attempt failed: its code threw, or its process died, was stopped or ran out of memory. */
export const attemptFailureReasons = ["threw", "exited", "signal", "timeout", "out_of_memory", "aborted"] as const;
export type AttemptFailureReason = (typeof attemptFailureReasons)[number];

export type AttemptResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: AttemptError; readonly reason: AttemptFailureReason };

/** What the children load: known at once, or later (children then start before it is known). */
export interface PoolProject {
  /** Absolute paths of the pipeline modules; every task run in the pool must be exported by one. */
  readonly modules: readonly string[];
  /** Relative target paths resolve here, as in the scheduler's process. */
  readonly projectRoot: string;
  /** Configured parameter defaults, applied to instances the child creates (requires, require). */
  readonly paramDefaults: ParamDefaults;
  /** Flush file outputs to disk before the rename (see the `fsync` build option). Default false. */
  readonly fsync?: boolean;
}

export interface ProcessPoolOptions extends PoolProject {
  /** How many attempts may run at once (children waiting on a dynamic requirement do not count). */
  readonly size: number;
  /** Extra Node options for the children (e.g. `--enable-source-maps`). */
  readonly execArgv?: readonly string[];
  /** Heap limit of each child, in MB (`--max-old-space-size`). */
  readonly maxOldSpaceMb?: number;
  /** Between SIGTERM and SIGKILL when stopping an attempt (default 3000 ms). */
  readonly killGraceMs?: number;
}

export interface ProcessPool {
  /** Runs one attempt in a pool process. Resolves with the outcome; rejects only on misuse (pool closed). */
  runAttempt(request: PoolAttemptRequest, hooks: PoolAttemptHooks): Promise<AttemptResult>;
  /** Starts processes up to `size` and waits until they have loaded the modules. Optional. */
  warmUp(): Promise<void>;
  /** Stops every process (running attempts end as `aborted`). Idempotent. */
  close(): Promise<void>;
}
