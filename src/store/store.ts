import type { JsonValue } from "../util/json.js";

/**
 * The Store contract: what Pipewright persists about runs, tasks and events, and how processes
 * coordinate so that one task runs in one place at a time.
 *
 * It promises:
 * - `init()` before anything else and `close()` last; `openStore()` wraps every driver so both
 *   happen once, whatever callers do.
 * - Leases: at any moment at most one owner holds a live lease on a task id. A lease whose
 *   `expiresAt` has passed counts as free. `acquireLease` is atomic across processes (and, for
 *   shared drivers, machines).
 * - Task records and events written by one process are visible to every process using the same
 *   store once the call resolves.
 * - Events get increasing `seq` numbers in the order they were appended.
 *
 * It does not promise:
 * - to decide anything: which task runs next, retries and staleness are the engine's policy.
 * - to hold task outputs: data lives in targets.
 *
 * Times are milliseconds since the epoch, given by the caller's clock so tests can fake time.
 * Nothing here exposes a connection or transaction type.
 */
export interface Store {
  /** `memory`, `sqlite`, … */
  readonly kind: string;
  /** A description safe to print (no password), e.g. the database file. */
  readonly location: string;

  init(): Promise<void>;
  close(): Promise<void>;

  // Runs: one invocation of `build()` / `pipewright run`.
  recordRunStarted(run: RunStart): Promise<void>;
  recordRunFinished(finish: RunFinish): Promise<void>;
  /**
   * The run's process is alive at `at`: sets its `heartbeatAt`. A run recorded as `crashed` is
   * `running` again (it was only slow to beat); a run that finished is left as it is.
   */
  recordRunHeartbeat(runId: string, at: number): Promise<void>;
  /**
   * Records a run whose process is gone as `crashed`, only if it is still `running` and has not
   * beaten since `crash.heartbeatAt` (what the caller saw): a run that finished or beat meanwhile
   * is left as it is. Its `finishedAt` becomes that last heartbeat. Returns whether it did.
   */
  recordRunCrashed(crash: RunCrash): Promise<boolean>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /**
   * Newest first (ties: the run recorded last first). A page of history: `before`, a run id
   * listed earlier, gives the runs after it in that order; a run id never recorded is a
   * store_error.
   */
  listRuns(query?: RunQuery): Promise<readonly RunRecord[]>;

  // Leases: who runs a task right now.
  acquireLease(request: LeaseRequest): Promise<LeaseResult>;
  /** `acquireLease` for many tasks in one atomic step (one round trip); results in request order. */
  acquireLeases(requests: readonly LeaseRequest[]): Promise<readonly LeaseResult[]>;
  /** Extend the leases this owner holds on these tasks; returns the ids it no longer holds. */
  renewLeases(ownerId: string, taskIds: readonly string[], expiresAt: number): Promise<readonly string[]>;
  /** Release a lease, only if `ownerId` still holds it. */
  releaseLease(taskId: string, ownerId: string): Promise<void>;
  /** `releaseLease` for many tasks in one step. */
  releaseLeases(taskIds: readonly string[], ownerId: string): Promise<void>;
  /** Remove a lease held by `ownerId` even if unexpired (its process is known dead). */
  breakLease(taskId: string, ownerId: string): Promise<void>;
  getLease(taskId: string): Promise<LeaseHolder | undefined>;

  // Task records: the latest known result of each task id, written in batches.
  recordTaskResults(results: readonly TaskResult[]): Promise<void>;
  /** Records for the ids that have one; one round trip for any number of ids. */
  getTaskRecords(taskIds: readonly string[]): Promise<ReadonlyMap<string, TaskRecord>>;
  /**
   * The recorded `fingerprint` of each id whose record has one (not null); ids without a record
   * or a fingerprint are left out. One round trip for any number of ids. What staleness checks
   * read for every complete task of a run: `getTaskRecords` without the rest of each record,
   * which at 100,000 tasks cost several times as much to read.
   */
  getFingerprints(taskIds: readonly string[]): Promise<ReadonlyMap<string, JsonValue>>;
  /** The records of tasks whose recorded `inputs` include any of these ids (direct consumers). */
  listConsumers(taskIds: readonly string[]): Promise<readonly TaskRecord[]>;

  // Events: an append-only log, for history, the UI and tests. The engine stores a lean history
  // (see EventRecorder): a short task's start folded into its success, no already-complete skips.
  appendEvents(events: readonly NewEvent[]): Promise<void>;
  listEvents(query?: EventQuery): Promise<readonly StoredEvent[]>;

  // Progress: what a run writes while its tasks finish, batched.
  /**
   * Records results, releases the leases they free and appends events, in one atomic step (one
   * transaction, one round trip): a process that finds a lease released also finds the result
   * recorded with it. Each part means what its own method means (`recordTaskResults`,
   * `releaseLeases`, `appendEvents`), applied in that order; an empty part is skipped.
   */
  recordProgress(progress: Progress): Promise<void>;
}

/** One batch of a run's writes: see `Store.recordProgress`. */
export interface Progress {
  readonly results?: readonly TaskResult[];
  /** Leases to release: only those `ownerId` still holds go. */
  readonly released?: { readonly ownerId: string; readonly taskIds: readonly string[] };
  readonly events?: readonly NewEvent[];
}

/**
 * `crashed`: the run's process ended without recording how (killed, out of memory, its machine
 * lost), as a later run found out (see `recordRunCrashed`).
 */
export const runStatuses = ["running", "succeeded", "failed", "interrupted", "crashed"] as const;
export type RunStatus = (typeof runStatuses)[number];

export interface RunStart {
  readonly runId: string;
  /** The ids of the tasks the run was asked to build. */
  readonly rootTaskIds: readonly string[];
  readonly startedAt: number;
  readonly host: string;
  readonly pid: number;
}

export interface RunFinish {
  readonly runId: string;
  readonly status: Exclude<RunStatus, "running" | "crashed">;
  readonly finishedAt: number;
  readonly exitCode: number;
  /**
   * The run's summary as JSON. The engine stores the object `--json` prints without its
   * per-task list (counts, exit code, error): each task's outcome is in the run's events.
   */
  readonly summary: JsonValue;
}

export interface RunCrash {
  readonly runId: string;
  /** The run's `heartbeatAt` as the caller read it. */
  readonly heartbeatAt: number;
  /** Stored as the run's summary: what was found, for whoever reads the history. */
  readonly summary: JsonValue;
}

export interface RunRecord {
  readonly runId: string;
  readonly rootTaskIds: readonly string[];
  readonly status: RunStatus;
  readonly startedAt: number;
  /** When it finished; for a crashed run, its last heartbeat. */
  readonly finishedAt: number | null;
  /** `null` while running, and for a crashed run (nobody saw it exit). */
  readonly exitCode: number | null;
  readonly host: string;
  readonly pid: number;
  /** The last time its process said it was alive (`startedAt` at first). */
  readonly heartbeatAt: number;
  readonly summary: JsonValue | null;
}

export interface LeaseHolder {
  readonly taskId: string;
  readonly ownerId: string;
  readonly runId: string;
  readonly host: string;
  readonly pid: number;
  readonly expiresAt: number;
}

export interface LeaseRequest extends LeaseHolder {
  /** The caller's current time: leases with `expiresAt <= now` are free. */
  readonly now: number;
}

export type LeaseResult = { readonly acquired: true } | { readonly acquired: false; readonly holder: LeaseHolder };

export const taskRecordStatuses = ["succeeded", "failed"] as const;
export type TaskRecordStatus = (typeof taskRecordStatuses)[number];

export interface TaskResult {
  readonly taskId: string;
  readonly taskName: string;
  readonly params: JsonValue;
  readonly status: TaskRecordStatus;
  readonly runId: string;
  readonly attempts: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly error: string | null;
  /**
   * What produced the outputs (code version, parameters, inputs' fingerprints), as the engine
   * computes it; `null` when not tracked. Drivers store it as is.
   * A `failed` result keeps the recorded fingerprint and inputs: they describe the outputs in
   * place, which a failed attempt does not change.
   */
  readonly fingerprint: JsonValue | null;
  /** The ids of the tasks whose outputs it consumed (default none). */
  readonly inputs?: readonly string[];
}

export interface TaskRecord extends TaskResult {
  readonly inputs: readonly string[];
}

export const eventTypes = [
  "run_started",
  "run_finished",
  "task_started",
  "task_succeeded",
  "task_failed",
  "task_retried",
  "task_skipped",
  "task_log",
  "graph_extended",
] as const;
export type EventType = (typeof eventTypes)[number];

export interface NewEvent {
  readonly runId: string;
  readonly type: EventType;
  readonly taskId: string | null;
  readonly at: number;
  readonly data: JsonValue;
}

export interface StoredEvent extends NewEvent {
  readonly seq: number;
}

export interface RunQuery {
  /** Only runs with this status. */
  readonly status?: RunStatus;
  /** At most this many. */
  readonly limit?: number;
  /** Only the runs listed after this one (newest first): the next page after a page ending with it. */
  readonly before?: string;
}

export interface EventQuery {
  readonly runId?: string;
  readonly taskId?: string;
  /** Only events with `seq` greater than this. */
  readonly afterSeq?: number;
  /** At most this many, oldest first. */
  readonly limit?: number;
}
