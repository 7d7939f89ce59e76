import type Database from "better-sqlite3";
import { readSql } from "./read-sql.js";

// One query per file in ./queries/, each with a header saying what it is for.
const queryFiles = {
  insertRun: "insert-run",
  finishRun: "finish-run",
  getRun: "get-run",
  listRuns: "list-runs",
  acquireLease: "acquire-lease",
  getLease: "get-lease",
  renewLeases: "renew-leases",
  deleteLease: "delete-lease",
  upsertTaskRecord: "upsert-task-record",
  getTaskRecords: "get-task-records",
  deleteTaskInputs: "delete-task-inputs",
  insertTaskInput: "insert-task-input",
  listConsumers: "list-consumers",
  insertEvent: "insert-event",
  listEvents: "list-events",
  listEventsForRun: "list-events-for-run",
  listEventsForTask: "list-events-for-task",
} as const;

/** What a query binds: named parameters (`@name` in the .sql file). */
export type SqliteParams = Readonly<Record<string, string | number | null>>;

export type SqliteQueries = { readonly [K in keyof typeof queryFiles]: Database.Statement<SqliteParams> };

/** Prepares every query once, when the store opens, so a typo in a .sql file fails at init. */
export function prepareSqliteQueries(db: Database.Database): SqliteQueries {
  const entries = Object.entries(queryFiles).map(([key, file]) => [key, db.prepare(readSql(`queries/${file}.sql`))]);
  return Object.fromEntries(entries) as SqliteQueries;
}
