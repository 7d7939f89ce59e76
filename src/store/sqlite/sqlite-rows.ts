import type { JsonValue } from "../../util/json.js";
import { sortStrings } from "../../util/sort-strings.js";
import type { NewEvent, RunRecord, RunStatus, StoredEvent, TaskRecord, TaskRecordStatus, TaskResult } from "../store.js";
import type { SqliteRow } from "./sqlite-queries.js";
import type { ResultRows } from "./sqlite-writes.js";

// Rows as SELECT * returns them: snake_case columns, JSON as text.

export interface RunRow {
  readonly run_id: string;
  readonly root_task_ids: string;
  readonly status: string;
  readonly started_at: number;
  readonly finished_at: number | null;
  readonly exit_code: number | null;
  readonly host: string;
  readonly pid: number;
  readonly heartbeat_at: number;
  readonly summary: string | null;
}

export interface TaskRecordRow {
  readonly task_id: string;
  readonly task_name: string;
  readonly params: string;
  readonly status: string;
  readonly run_id: string;
  readonly attempts: number;
  readonly started_at: number;
  readonly finished_at: number;
  readonly error: string | null;
  readonly fingerprint: string | null;
  /** JSON array, from the task_inputs table. */
  readonly inputs: string | null;
}

/** A row of get-fingerprints.sql. */
export interface FingerprintRow {
  readonly task_id: string;
  readonly fingerprint: string;
}

export interface EventRow {
  readonly seq: number;
  readonly run_id: string;
  readonly type: string;
  readonly task_id: string | null;
  readonly at: number;
  readonly data: string;
}

export function runFromRow(row: RunRow): RunRecord {
  return {
    runId: row.run_id,
    rootTaskIds: JSON.parse(row.root_task_ids) as string[],
    status: row.status as RunStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
    host: row.host,
    pid: row.pid,
    heartbeatAt: row.heartbeat_at,
    summary: parseJsonOrNull(row.summary),
  };
}

export function taskRecordFromRow(row: TaskRecordRow): TaskRecord {
  return {
    taskId: row.task_id,
    taskName: row.task_name,
    params: JSON.parse(row.params) as JsonValue,
    status: row.status as TaskRecordStatus,
    runId: row.run_id,
    attempts: row.attempts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    fingerprint: parseJsonOrNull(row.fingerprint),
    inputs: row.inputs ? sortStrings(JSON.parse(row.inputs) as string[]) : [],
  };
}

export function eventFromRow(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    runId: row.run_id,
    type: row.type as StoredEvent["type"],
    taskId: row.task_id,
    at: row.at,
    data: JSON.parse(row.data) as JsonValue,
  };
}

// Parameters spell out each field, so stray properties on the caller's object never reach SQL.
// Rows list the values in the order of the columns in the query's VALUES row.

/** The values of upsert-task-record.sql's row. */
export function taskResultRow(result: TaskResult): SqliteRow {
  return [
    result.taskId,
    result.taskName,
    JSON.stringify(result.params),
    result.status,
    result.runId,
    result.attempts,
    result.startedAt,
    result.finishedAt,
    result.error,
    jsonOrNull(result.fingerprint),
  ];
}

/** Results as the store writes them (see `ResultRows`). */
export function resultRows(results: readonly TaskResult[]): ResultRows {
  // A success replaces the task's inputs, a failure keeps the inputs of the outputs in place:
  // with a task id twice in the batch, its last success's inputs are the ones kept.
  const inputsOf = new Map<string, readonly string[]>();
  for (const result of results) if (result.status !== "failed") inputsOf.set(result.taskId, result.inputs ?? []);
  const inputs: [string, string[]][] = [];
  for (const [taskId, inputIds] of inputsOf) inputs.push([taskId, sortStrings([...inputIds])]);
  return { rows: results.map(taskResultRow), inputs };
}

/** The values of insert-event.sql's row. */
export function eventRow(event: NewEvent): SqliteRow {
  return [event.runId, event.type, event.taskId, event.at, JSON.stringify(event.data)];
}

/** JSON `null` and "no value" are the same to the contract, so both are stored as SQL NULL. */
export function jsonOrNull(value: JsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function parseJsonOrNull(text: string | null): JsonValue | null {
  return text === null ? null : (JSON.parse(text) as JsonValue);
}
