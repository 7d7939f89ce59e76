import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { isPipewrightError } from "../errors.js";
import { migrateSqlite } from "./sqlite/migrate-sqlite.js";
import { busyTimeoutMs, openDatabase } from "./sqlite/open-database.js";
import { leaseHolder } from "./sqlite/sqlite-leases.js";
import { prepareSqliteQueries, type SqliteQueries } from "./sqlite/sqlite-queries.js";
import * as rows from "./sqlite/sqlite-rows.js";
import { SqliteWriter, WriterThreadStopped } from "./sqlite/sqlite-writer.js";
import { leaseRequestRuns, runSqliteWrite, type SqliteWriteAnswer, type SqliteWriteArgs, type SqliteWriteName } from "./sqlite/sqlite-writes.js";
import { checkLimit, checkRunStatus, duplicateRunHint, storeError, unknownPageHint, unknownRunHint } from "./store-error.js";
import type { Store, TaskRecord } from "./store.js";
import type { JsonValue } from "../util/json.js";

/** In `auto` mode, a write of this many leases, results or events starts the writer thread. */
const threadFromRows = 256;

export interface SqliteStoreOptions {
  /**
   * Where writes run. `inline`: on the caller's thread, as each call is made. `thread`: on a
   * writer thread of their own with its own connection, started by `init()`, so that SQLite's
   * work is done on another core while the run goes on. `auto` (default): inline until one write
   * holds 256 rows or more (a large run), then on a thread started at that moment.
   */
  readonly writer?: "auto" | "inline" | "thread";
}

/** The SQLite store, and where its writes run at the moment. */
export interface SqliteStore extends Store {
  readonly writesOn: "this thread" | "writer thread";
}

interface Connection {
  readonly db: Database.Database;
  readonly queries: SqliteQueries;
}

/**
 * The embedded default store: one SQLite file that every process on this machine shares.
 * WAL mode lets readers work while one process writes; writes that must be atomic run in
 * BEGIN IMMEDIATE transactions, so a competing process waits (up to 5 s) instead of failing.
 * The file and its folder are created by `init()`; the schema comes from ./sqlite/migrations/.
 * Reads, and the writes of runs' own records, use this thread's connection; the other writes
 * move to a writer thread with a connection of its own once a run is large (`options.writer`).
 *
 * @example
 * const store = createSqliteStore(".pipewright/state.db");
 * await store.init();
 * const result = await store.acquireLease({ taskId, ownerId, runId, host, pid, expiresAt, now });
 */
export function createSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  const location = path.resolve(file);
  let connection: Connection | undefined;
  // Writes run on a thread of their own once `writer` is set (see SqliteStoreOptions.writer).
  let writer: SqliteWriter | undefined;
  let startingWriter: SqliteWriter | undefined;
  const writerMode = options.writer ?? "auto";

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

  // Writes that must be atomic: one BEGIN IMMEDIATE transaction, so a competing process waits.
  async function write<K extends SqliteWriteName>(action: string, name: K, args: SqliteWriteArgs<K>, rowCount = 1): Promise<SqliteWriteAnswer<K>> {
    if (writer === undefined && startingWriter === undefined && writerMode === "auto" && rowCount >= threadFromRows && connection !== undefined) {
      startWriter();
    }
    if (writer !== undefined) {
      try {
        return await writer.write(name, args);
      } catch (error) {
        throw asStoreError(location, action, error);
      }
    }
    return use(action, ({ db, queries }) => runSqliteWrite(db, queries, name, args));
  }

  // Writes stay on this thread until the writer thread is ready: each runs at once, so none is
  // still under way when later ones start going to the thread.
  function startWriter(): SqliteWriter {
    const starting = new SqliteWriter({ location });
    startingWriter = starting;
    starting.ready.then(
      () => {
        if (startingWriter === starting) writer = starting;
      },
      () => undefined, // "auto" goes on writing here; "thread" reports it from init()
    );
    return starting;
  }

  async function closeConnection(): Promise<void> {
    const thread = startingWriter;
    const used = writer !== undefined;
    writer = startingWriter = undefined;
    // Writes go to the thread only once it is ready: one still starting holds none of them.
    if (thread !== undefined) await (used ? thread.close() : thread.abandon());
    connection?.db.close();
    connection = undefined;
  }

  return {
    kind: "sqlite",
    location,
    get writesOn() {
      return writer === undefined ? "this thread" : "writer thread";
    },

    async init() {
      if (connection !== undefined) return;
      const giveUpAt = Date.now() + busyTimeoutMs;
      for (;;) {
        try {
          mkdirSync(path.dirname(location), { recursive: true });
          connection = openConnection(location);
          if (writerMode === "thread") {
            try {
              await startWriter().ready;
            } catch (error) {
              await closeConnection();
              throw storeError(location, "start its writer thread", error, "Open it with writer: \"inline\" to write on this thread instead.");
            }
          }
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
    close: closeConnection,

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
    async recordRunHeartbeat(runId, at) {
      const action = `record a heartbeat of run ${runId}`;
      use(action, ({ queries }) => {
        if (queries.heartbeatRun.run({ runId, at }).changes === 0 && queries.getRun.get({ runId }) === undefined) {
          throw storeError(location, action, undefined, unknownRunHint);
        }
      });
    },
    async recordRunCrashed(crash) {
      const action = `record run ${crash.runId} as crashed`;
      return use(action, ({ queries }) => {
        const { runId, heartbeatAt } = crash;
        if (queries.crashRun.run({ runId, heartbeatAt, summary: rows.jsonOrNull(crash.summary) }).changes > 0) return true;
        if (queries.getRun.get({ runId }) === undefined) throw storeError(location, action, undefined, unknownRunHint);
        return false;
      });
    },
    async getRun(runId) {
      const row = use(`read run ${runId}`, ({ queries }) => queries.getRun.get({ runId }) as rows.RunRow | undefined);
      return row === undefined ? undefined : rows.runFromRow(row);
    },
    async listRuns(query = {}) {
      const limit = checkLimit(location, query.limit) ?? -1;
      const status = checkRunStatus(location, query.status) ?? null;
      const before = query.before ?? null;
      const found = use("list runs", ({ queries }) => {
        if (before !== null && queries.getRun.get({ runId: before }) === undefined) {
          throw storeError(location, `list the runs before ${before}`, undefined, unknownPageHint);
        }
        return queries.listRuns.all({ limit, before, status }) as rows.RunRow[];
      });
      return found.map(rows.runFromRow);
    },

    async acquireLease(request) {
      return (await write(`acquire the lease on ${request.taskId}`, "acquireLeases", leaseRequestRuns([request])))[0]!;
    },
    async acquireLeases(requests) {
      if (requests.length === 0) return [];
      return write(`acquire ${requests.length} lease(s)`, "acquireLeases", leaseRequestRuns(requests), requests.length);
    },
    async releaseLeases(taskIds, ownerId) {
      if (taskIds.length === 0) return;
      await write(`release ${taskIds.length} lease(s)`, "releaseLeases", { taskIds, ownerId });
    },
    async renewLeases(ownerId, taskIds, expiresAt) {
      if (taskIds.length === 0) return [];
      return write(`renew the leases of ${ownerId}`, "renewLeases", { ownerId, taskIds, expiresAt });
    },
    async releaseLease(taskId, ownerId) {
      await write(`release the lease on ${taskId}`, "releaseLeases", { taskIds: [taskId], ownerId });
    },
    async breakLease(taskId, ownerId) {
      await write(`break the lease on ${taskId}`, "releaseLeases", { taskIds: [taskId], ownerId });
    },
    async getLease(taskId) {
      return use(`read the lease on ${taskId}`, ({ queries }) => leaseHolder(queries, taskId));
    },

    async recordTaskResults(results) {
      if (results.length === 0) return;
      await write(`record ${results.length} task result(s)`, "recordResults", rows.resultRows(results), results.length);
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
    async getFingerprints(taskIds) {
      const found = new Map<string, JsonValue>();
      if (taskIds.length === 0) return found;
      const fingerprints = use(`read the fingerprints of ${taskIds.length} task(s)`, ({ queries }) =>
        queries.getFingerprints.all({ taskIds: JSON.stringify(taskIds) }) as rows.FingerprintRow[],
      );
      for (const row of fingerprints) found.set(row.task_id, JSON.parse(row.fingerprint) as JsonValue);
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
      await write(`append ${events.length} event(s)`, "appendEvents", events.map(rows.eventRow), events.length);
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
      await write(what, "recordProgress", {
        ...(results.length > 0 && { results: rows.resultRows(results) }),
        ...(releases.length > 0 && { released: released! }),
        ...(events.length > 0 && { events: events.map(rows.eventRow) }),
      }, results.length + releases.length + events.length);
    },
  };
}

function openConnection(location: string): Connection {
  const db = openDatabase(location);
  try {
    db.pragma("journal_mode = WAL");
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
  return storeError(location, action, error, whatToDo(error));
}

/** What to do about a driver's error, from what it was. */
function whatToDo(error: unknown): string {
  if (error instanceof WriterThreadStopped) return "What it had not written yet is lost with it; run again (finished tasks whose results were written are skipped).";
  switch (sqliteCode(error)) {
    case "SQLITE_BUSY":
      return `Another process held the lock for over ${busyTimeoutMs / 1000} s; try again, and look for a stuck pipewright process.`;
    case "SQLITE_FULL":
      return "The disk it is on is full: free some space, then run again (finished tasks whose results were written are skipped).";
    case "SQLITE_CANTOPEN":
      return "Check that the file and its folder can be written here (SQLite keeps its -wal and -shm files beside it), or point the store at a folder that can.";
    default:
      return "Check that the file is a Pipewright database you can read and write.";
  }
}
