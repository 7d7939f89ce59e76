import type Database from "better-sqlite3";
import type { LeaseRequest, LeaseResult } from "../store.js";
import { acquireLeaseSets, releaseLeaseSets, renewLeaseSets } from "./sqlite-leases.js";
import type { SqliteQueries, SqliteRow } from "./sqlite-queries.js";

/**
 * Task results as the store writes them: their rows, and the inputs of the successes (a
 * failure keeps the inputs of the outputs in place). Made by the caller, so that the rows are
 * plain values whichever thread writes them.
 */
export interface ResultRows {
  readonly rows: readonly SqliteRow[];
  /** `[taskId, inputIds sorted]` for each task id whose last result in the batch succeeded. */
  readonly inputs: readonly (readonly [string, readonly string[]])[];
}

/**
 * Lease requests in runs of the same holder, expiry and time: a run's batch is one run, so its
 * holder crosses to the writer thread once instead of once per task.
 */
export type LeaseRequestRuns = readonly { readonly holder: Omit<LeaseRequest, "taskId">; readonly taskIds: readonly string[] }[];

/** `requests` as runs (see `LeaseRequestRuns`), in their order. */
export function leaseRequestRuns(requests: readonly LeaseRequest[]): LeaseRequestRuns {
  const runs: { holder: Omit<LeaseRequest, "taskId">; taskIds: string[] }[] = [];
  let last: { holder: Omit<LeaseRequest, "taskId">; taskIds: string[] } | undefined;
  for (const request of requests) {
    if (last === undefined || !sameRequester(last.holder, request)) {
      const { taskId: _taskId, ...holder } = request;
      last = { holder, taskIds: [] };
      runs.push(last);
    }
    last.taskIds.push(request.taskId);
  }
  return runs;
}

function sameRequester(a: Omit<LeaseRequest, "taskId">, b: LeaseRequest): boolean {
  return a.ownerId === b.ownerId && a.runId === b.runId && a.host === b.host && a.pid === b.pid && a.expiresAt === b.expiresAt && a.now === b.now;
}

/** One batch of progress (see `Store.recordProgress`), as rows. */
export interface ProgressRows {
  readonly results?: ResultRows;
  readonly released?: { readonly ownerId: string; readonly taskIds: readonly string[] };
  readonly events?: readonly SqliteRow[];
}

/**
 * The SQLite store's writes, each run by `runSqliteWrite` in a transaction of its own: on the
 * run's thread, or on the writer thread (see sqlite-writer.ts). Arguments and answers are plain
 * values, so they cross between threads as they are.
 */
export const sqliteWrites = {
  acquireLeases: (queries: SqliteQueries, runs: LeaseRequestRuns): LeaseResult[] =>
    acquireLeaseSets(queries, runs.flatMap(({ holder, taskIds }) => taskIds.map((taskId) => ({ ...holder, taskId })))),
  releaseLeases: (queries: SqliteQueries, args: { readonly ownerId: string; readonly taskIds: readonly string[] }): void =>
    releaseLeaseSets(queries, args.taskIds, args.ownerId),
  renewLeases: (queries: SqliteQueries, args: { readonly ownerId: string; readonly taskIds: readonly string[]; readonly expiresAt: number }): string[] =>
    renewLeaseSets(queries, args.ownerId, args.taskIds, args.expiresAt),
  recordResults: (queries: SqliteQueries, results: ResultRows): void => writeResults(queries, results),
  appendEvents: (queries: SqliteQueries, events: readonly SqliteRow[]): void => queries.insertEvents.run(events),
  recordProgress: (queries: SqliteQueries, { results, released, events }: ProgressRows): void => {
    if (results !== undefined && results.rows.length > 0) writeResults(queries, results);
    if (released !== undefined && released.taskIds.length > 0) releaseLeaseSets(queries, released.taskIds, released.ownerId);
    if (events !== undefined && events.length > 0) queries.insertEvents.run(events);
  },
};

export type SqliteWrites = typeof sqliteWrites;
export type SqliteWriteName = keyof SqliteWrites;
export type SqliteWriteArgs<K extends SqliteWriteName> = Parameters<SqliteWrites[K]>[1];
export type SqliteWriteAnswer<K extends SqliteWriteName> = ReturnType<SqliteWrites[K]>;

/** Runs one of the store's writes in a BEGIN IMMEDIATE transaction, so a competing process waits. */
export function runSqliteWrite<K extends SqliteWriteName>(db: Database.Database, queries: SqliteQueries, name: K, args: SqliteWriteArgs<K>): SqliteWriteAnswer<K> {
  const write = sqliteWrites[name] as (queries: SqliteQueries, args: SqliteWriteArgs<K>) => SqliteWriteAnswer<K>;
  return db.transaction(() => write(queries, args)).immediate();
}

function writeResults(queries: SqliteQueries, { rows, inputs }: ResultRows): void {
  queries.upsertTaskRecords.run(rows);
  if (inputs.length === 0) return;
  queries.deleteTaskInputs.run({ taskIds: JSON.stringify(inputs.map(([taskId]) => taskId)) });
  // In key order: appending to the b-trees costs less than inserting all over them
  // (a wrapper over 100,000 tasks wrote its inputs a third faster).
  queries.insertTaskInputs.run(inputs.flatMap(([taskId, inputIds]) => inputIds.map((inputId) => [taskId, inputId])));
}
