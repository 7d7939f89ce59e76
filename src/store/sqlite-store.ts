import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { isPipewrightError } from "../errors.js";
import { migrateSqlite } from "./sqlite/migrate-sqlite.js";
import { prepareSqliteQueries, type SqliteQueries } from "./sqlite/sqlite-queries.js";
import * as rows from "./sqlite/sqlite-rows.js";
import { checkLimit, duplicateRunHint, storeError, unknownRunHint } from "./store-error.js";
import type { LeaseHolder, LeaseRequest, LeaseResult, Store, TaskRecord } from "./store.js";

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
      return use(`acquire the lease on ${request.taskId}`, ({ db, queries }) =>
        db.transaction(() => acquireOne(queries, request)).immediate(),
      );
    },
    async acquireLeases(requests) {
      if (requests.length === 0) return [];
      return use(`acquire ${requests.length} lease(s)`, ({ db, queries }) =>
        db.transaction(() => acquireMany(queries, requests)).immediate(),
      );
    },
    async releaseLeases(taskIds, ownerId) {
      if (taskIds.length === 0) return;
      use(`release ${taskIds.length} lease(s)`, ({ queries }) =>
        queries.releaseLeases.run({ ownerId, taskIds: JSON.stringify(taskIds) }),
      );
    },
    async renewLeases(ownerId, taskIds, expiresAt) {
      if (taskIds.length === 0) return [];
      const held = use(`renew the leases of ${ownerId}`, ({ queries }) =>
        queries.renewLeases.pluck().all({ ownerId, expiresAt, taskIds: JSON.stringify(taskIds) }) as string[],
      );
      const stillHeld = new Set(held);
      return taskIds.filter((taskId) => !stillHeld.has(taskId));
    },
    async releaseLease(taskId, ownerId) {
      use(`release the lease on ${taskId}`, ({ queries }) => queries.deleteLease.run({ taskId, ownerId }));
    },
    async breakLease(taskId, ownerId) {
      use(`break the lease on ${taskId}`, ({ queries }) => queries.deleteLease.run({ taskId, ownerId }));
    },
    async getLease(taskId) {
      const row = use(`read the lease on ${taskId}`, ({ queries }) => queries.getLease.get({ taskId }));
      return row === undefined ? undefined : rows.leaseFromRow(row as rows.LeaseRow);
    },

    async recordTaskResults(results) {
      if (results.length === 0) return;
      use(`record ${results.length} task result(s)`, ({ db, queries }) =>
        db.transaction(() => {
          queries.upsertTaskRecords.run(results.map(rows.taskResultRow));
          // A success replaces the task's inputs, a failure keeps the inputs of the outputs in
          // place: with a task id twice in the batch, its last success's inputs are the ones kept.
          const inputsOf = new Map<string, readonly string[]>();
          for (const result of results) if (result.status !== "failed") inputsOf.set(result.taskId, result.inputs ?? []);
          if (inputsOf.size === 0) return;
          queries.deleteTaskInputs.run({ taskIds: JSON.stringify([...inputsOf.keys()]) });
          // In key order: appending to the b-trees costs less than inserting all over them
          // (a wrapper over 100,000 tasks wrote its inputs a third faster).
          queries.insertTaskInputs.run([...inputsOf].flatMap(([taskId, inputIds]) => [...inputIds].sort().map((inputId) => [taskId, inputId])));
        }).immediate(),
      );
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
      use(`append ${events.length} event(s)`, ({ db, queries }) =>
        db.transaction(() => queries.insertEvents.run(events.map(rows.eventRow))).immediate(),
      );
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
  };
}

/** acquireLease's work, inside the caller's BEGIN IMMEDIATE. */
function acquireOne(queries: SqliteQueries, request: LeaseRequest): LeaseResult {
  if (queries.acquireLeases.all([rows.leaseRow(request)], [request.now]).length > 0) return { acquired: true };
  const holder = queries.getLease.get({ taskId: request.taskId }) as rows.LeaseRow;
  return { acquired: false, holder: rows.leaseFromRow(holder) };
}

/** acquireLeases' work, inside the caller's BEGIN IMMEDIATE: a few statements for the batch. */
function acquireMany(queries: SqliteQueries, requests: readonly LeaseRequest[]): LeaseResult[] {
  // A task id asked for twice must see its own first answer, which RETURNING's list of ids
  // cannot tell apart: such a batch (the engine never sends one) goes one request at a time.
  if (new Set(requests.map((request) => request.taskId)).size < requests.length) {
    return requests.map((request) => acquireOne(queries, request));
  }
  // The rows of one statement share the `now` its WHERE compares with, so the batch is cut
  // wherever `now` changes (the contract lets each request carry its own).
  const acquired = new Set<string>();
  for (let start = 0; start < requests.length; ) {
    const now = requests[start]!.now;
    let end = start + 1;
    while (end < requests.length && requests[end]!.now === now) end++;
    const taken = queries.acquireLeases.all(requests.slice(start, end).map(rows.leaseRow), [now]) as Pick<rows.LeaseRow, "task_id">[];
    for (const row of taken) acquired.add(row.task_id);
    start = end;
  }
  const refused = requests.filter((request) => !acquired.has(request.taskId)).map((request) => request.taskId);
  const holders = new Map<string, LeaseHolder>();
  if (refused.length > 0) {
    for (const row of queries.getLeases.all({ taskIds: JSON.stringify(refused) }) as rows.LeaseRow[]) {
      holders.set(row.task_id, rows.leaseFromRow(row));
    }
  }
  return requests.map((request): LeaseResult =>
    acquired.has(request.taskId) ? { acquired: true } : { acquired: false, holder: holders.get(request.taskId)! },
  );
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
