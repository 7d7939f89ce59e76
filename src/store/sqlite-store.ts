import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { isPipewrightError } from "../errors.js";
import { migrateSqlite } from "./sqlite/migrate-sqlite.js";
import { acquireLeaseSets, leaseHolder, releaseLeaseSets, renewLeaseSets } from "./sqlite/sqlite-leases.js";
import { prepareSqliteQueries, type SqliteQueries } from "./sqlite/sqlite-queries.js";
import * as rows from "./sqlite/sqlite-rows.js";
import { checkLimit, duplicateRunHint, storeError, unknownRunHint } from "./store-error.js";
import type { Store, TaskRecord, TaskResult } from "./store.js";

/** How long a call waits for another process's write lock before failing. */
const busyTimeoutMs = 5_000;

interface Connection {
  readonly db: Database.Database;
  readonly queries: SqliteQueries;
}

/**
 * The embedded default store: one SQLite file that every process on this machine shares.
 * WAL mode lets readers work while one process writes; writes that must be atomic run in
 * BEGIN IMMEDIATE transactions, so a competing process waits (up to 5 s) instead of failing.
 * The file and its folder are created by `init()`; the schema comes from ./sqlite/migrations/.
 *
 * @example
 * const store = createSqliteStore(".pipewright/state.db");
 * await store.init();
 * const result = await store.acquireLease({ taskId, ownerId, runId, host, pid, expiresAt, now });
 */
export function createSqliteStore(file: string): Store {
  const location = path.resolve(file);
  let connection: Connection | undefined;

  // Every call goes through here, so a driver error always becomes a store_error naming the file.
  function use<T>(action: string, work: (connection: Connection) => T): T {
    if (connection === undefined) {
      throw storeError(location, action, undefined, "It is not open: call init() first (openStore() does it for you).");
    }
    try {
      return work(connection);
    } catch (error) {
      throw asStoreError(location, action, error);
    }
  }

  // `use` for writes that must be atomic: one BEGIN IMMEDIATE transaction, so a competing process waits.
  function write<T>(action: string, work: (queries: SqliteQueries) => T): T {
    return use(action, ({ db, queries }) => db.transaction(() => work(queries)).immediate());
  }

  return {
    kind: "sqlite",
    location,

    async init() {
      if (connection !== undefined) return;
      const giveUpAt = Date.now() + busyTimeoutMs;
      for (;;) {
        try {
          mkdirSync(path.dirname(location), { recursive: true });
          connection = openConnection(location);
          return;
        } catch (error) {
          // Two processes opening a new file at once: switching it to WAL takes a lock that
          // SQLite reports as busy at once, without waiting. Try again shortly.
          if (sqliteCode(error) === "SQLITE_BUSY" && Date.now() < giveUpAt) {
            await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
            continue;
          }
          throw asStoreError(location, "open the database", error);
        }
      }
    },
    async close() {
      connection?.db.close();
      connection = undefined;
    },

    async recordRunStarted(run) {
      const action = `record run ${run.runId} as started`;
      use(action, ({ queries }) => {
        try {
          const { runId, startedAt, host, pid } = run;
          queries.insertRun.run({ runId, rootTaskIds: JSON.stringify(run.rootTaskIds), startedAt, host, pid });
        } catch (error) {
          if (sqliteCode(error) !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw error;
          throw storeError(location, action, undefined, duplicateRunHint);
        }
      });
    },
    async recordRunFinished(finish) {
      const action = `record run ${finish.runId} as finished`;
      const { changes } = use(action, ({ queries }) => {
        const { runId, status, finishedAt, exitCode } = finish;
        return queries.finishRun.run({ runId, status, finishedAt, exitCode, summary: rows.jsonOrNull(finish.summary) });
      });
      if (changes === 0) throw storeError(location, action, undefined, unknownRunHint);
    },
    async getRun(runId) {
      const row = use(`read run ${runId}`, ({ queries }) => queries.getRun.get({ runId }) as rows.RunRow | undefined);
      return row === undefined ? undefined : rows.runFromRow(row);
    },
    async listRuns(query = {}) {
      const limit = checkLimit(location, query.limit) ?? -1;
      const found = use("list runs", ({ queries }) => queries.listRuns.all({ limit }) as rows.RunRow[]);
      return found.map(rows.runFromRow);
    },

    async acquireLease(request) {
      return write(`acquire the lease on ${request.taskId}`, (queries) => acquireLeaseSets(queries, [request])[0]!);
    },
    async acquireLeases(requests) {
      if (requests.length === 0) return [];
      return write(`acquire ${requests.length} lease(s)`, (queries) => acquireLeaseSets(queries, requests));
    },
    async releaseLeases(taskIds, ownerId) {
      if (taskIds.length === 0) return;
      write(`release ${taskIds.length} lease(s)`, (queries) => releaseLeaseSets(queries, taskIds, ownerId));
    },
    async renewLeases(ownerId, taskIds, expiresAt) {
      if (taskIds.length === 0) return [];
      return write(`renew the leases of ${ownerId}`, (queries) => renewLeaseSets(queries, ownerId, taskIds, expiresAt));
    },
    async releaseLease(taskId, ownerId) {
      write(`release the lease on ${taskId}`, (queries) => releaseLeaseSets(queries, [taskId], ownerId));
    },
    async breakLease(taskId, ownerId) {
      write(`break the lease on ${taskId}`, (queries) => releaseLeaseSets(queries, [taskId], ownerId));
    },
    async getLease(taskId) {
      return use(`read the lease on ${taskId}`, ({ queries }) => leaseHolder(queries, taskId));
    },

    async recordTaskResults(results) {
      if (results.length === 0) return;
      write(`record ${results.length} task result(s)`, (queries) => recordResults(queries, results));
    },
    async getTaskRecords(taskIds) {
      const found = new Map<string, TaskRecord>();
      if (taskIds.length === 0) return found;
      const records = use(`read ${taskIds.length} task record(s)`, ({ queries }) =>
        queries.getTaskRecords.all({ taskIds: JSON.stringify(taskIds) }) as rows.TaskRecordRow[],
      );
      for (const row of records) found.set(row.task_id, rows.taskRecordFromRow(row));
      return found;
    },
    async listConsumers(taskIds) {
      if (taskIds.length === 0) return [];
      const records = use(`list the consumers of ${taskIds.length} task(s)`, ({ queries }) =>
        queries.listConsumers.all({ inputIds: JSON.stringify(taskIds) }) as rows.TaskRecordRow[],
      );
      return records.map(rows.taskRecordFromRow);
    },

    async appendEvents(events) {
      if (events.length === 0) return;
      write(`append ${events.length} event(s)`, (queries) => queries.insertEvents.run(events.map(rows.eventRow)));
    },
    async listEvents(query = {}) {
      const limit = checkLimit(location, query.limit) ?? -1;
      const params = { runId: query.runId ?? null, taskId: query.taskId ?? null, afterSeq: query.afterSeq ?? 0, limit };
      const found = use("list events", ({ queries }) => {
        // One query per filter shape, so each can use its index (see the .sql headers).
        const statement =
          query.taskId !== undefined
            ? queries.listEventsForTask
            : query.runId !== undefined
              ? queries.listEventsForRun
              : queries.listEvents;
        return statement.all(params) as rows.EventRow[];
      });
      return found.map(rows.eventFromRow);
    },

    async recordProgress({ results = [], released, events = [] }) {
      const releases = released?.taskIds ?? [];
      if (results.length + releases.length + events.length === 0) return;
      const what = `record ${results.length} result(s), ${releases.length} lease release(s) and ${events.length} event(s)`;
      write(what, (queries) => {
        if (results.length > 0) recordResults(queries, results);
        if (releases.length > 0) releaseLeaseSets(queries, releases, released!.ownerId);
        if (events.length > 0) queries.insertEvents.run(events.map(rows.eventRow));
      });
    },
  };
}

/** recordTaskResults' work, inside the caller's transaction. */
function recordResults(queries: SqliteQueries, results: readonly TaskResult[]): void {
  queries.upsertTaskRecords.run(results.map(rows.taskResultRow));
  // A success replaces the task's inputs, a failure keeps the inputs of the outputs in place:
  // with a task id twice in the batch, its last success's inputs are the ones kept.
  const inputsOf = new Map<string, readonly string[]>();
  for (const result of results) if (result.status !== "failed") inputsOf.set(result.taskId, result.inputs ?? []);
  if (inputsOf.size === 0) return;
  queries.deleteTaskInputs.run({ taskIds: JSON.stringify([...inputsOf.keys()]) });
  // In key order: appending to the b-trees costs less than inserting all over them
  // (a wrapper over 100,000 tasks wrote its inputs a third faster).
  queries.insertTaskInputs.run([...inputsOf].flatMap(([taskId, inputIds]) => [...inputIds].sort().map((inputId) => [taskId, inputId])));
}


function openConnection(location: string): Connection {
  const db = new Database(location, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    migrateSqlite(db);
    return { db, queries: prepareSqliteQueries(db) };
  } catch (error) {
    db.close();
    throw error;
  }
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function asStoreError(location: string, action: string, error: unknown): Error {
  if (isPipewrightError(error)) return error;
  const code = sqliteCode(error);
  const hint =
    code === "SQLITE_BUSY"
      ? `Another process held the lock for over ${busyTimeoutMs / 1000} s; try again, and look for a stuck pipewright process.`
      : "Check that the file is a Pipewright database you can read and write.";
  return storeError(location, action, error, hint);
}
