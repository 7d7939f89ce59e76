import type Database from "better-sqlite3";
import { readSql } from "./read-sql.js";

// One query per file in ./queries/, each with a header saying what it is for.
const queryFiles = {
  insertRun: "insert-run",
  finishRun: "finish-run",
  heartbeatRun: "heartbeat-run",
  crashRun: "crash-run",
  getRun: "get-run",
  listRuns: "list-runs",
  leaseSetsHolding: "lease-sets-holding",
  leaseSetHolding: "lease-set-holding",
  leaseSetsOfOwner: "lease-sets-of-owner",
  insertLeaseSet: "insert-lease-set",
  updateLeaseSet: "update-lease-set",
  deleteLeaseSet: "delete-lease-set",
  getTaskRecords: "get-task-records",
  getFingerprints: "get-fingerprints",
  deleteTaskInputs: "delete-task-inputs",
  listConsumers: "list-consumers",
  listEvents: "list-events",
  listEventsForRun: "list-events-for-run",
  listEventsForTask: "list-events-for-task",
} as const;

// Batch writes: each file holds one row as `VALUES (?, …)`, which the statement for n rows
// repeats n times. One statement for many rows costs about a microsecond less per row than one
// statement per row, on top of the microsecond positional parameters save over named ones.
const multiRowFiles = {
  insertEvents: "insert-event",
  upsertTaskRecords: "upsert-task-record",
  insertTaskInputs: "insert-task-input",
} as const;

/** What a query binds: named parameters (`@name` in the .sql file). */
export type SqliteParams = Readonly<Record<string, string | number | null>>;

/** What a multi-row query binds: a row's values, in the order of its `?` placeholders. */
export type SqliteRow = readonly (string | number | null)[];

// The most rows one statement writes, a power of two: beyond 64 the saving is flat, and 64 rows
// stay far below SQLite's limit on bound variables.
const maxRowsPerStatement = 64;

/** Writes many rows with as few statements as it can, in the rows' order. */
export interface MultiRowQuery {
  run(rows: readonly SqliteRow[]): void;
}

export type SqliteQueries = { readonly [K in keyof typeof queryFiles]: Database.Statement<SqliteParams> } & {
  readonly [K in keyof typeof multiRowFiles]: MultiRowQuery;
};

/** Prepares every query once, when the store opens, so a typo in a .sql file fails at init. */
export function prepareSqliteQueries(db: Database.Database): SqliteQueries {
  const single = Object.entries(queryFiles).map(([key, file]) => [key, db.prepare(readSql(`queries/${file}.sql`))]);
  const multi = Object.entries(multiRowFiles).map(([key, file]) => [key, prepareMultiRow(db, file)]);
  return Object.fromEntries([...single, ...multi]) as SqliteQueries;
}

// `VALUES (?, ?, …)`: the row to repeat.
const valuesRow = /VALUES\s*(\(\s*\?(?:\s*,\s*\?)*\s*\))/;

function prepareMultiRow(db: Database.Database, file: string): MultiRowQuery {
  const sql = readSql(`queries/${file}.sql`);
  const match = valuesRow.exec(sql);
  if (match?.[1] === undefined) throw new Error(`queries/${file}.sql must hold one row as VALUES (?, …) to repeat.`);
  const [whole, row] = match;
  const head = sql.slice(0, match.index);
  const tail = sql.slice(match.index + whole.length);

  // Statements for 1, 2, 4, … 64 rows, prepared on first use: a batch is cut into the largest
  // that fit, so a query never holds more than seven prepared statements.
  const statements = new Map<number, Database.Statement<[SqliteRow]>>();
  const statementFor = (rows: number) => {
    let statement = statements.get(rows);
    if (statement === undefined) {
      statement = db.prepare<[SqliteRow]>(`${head}VALUES ${Array<string>(rows).fill(row).join(", ")}${tail}`);
      statements.set(rows, statement);
    }
    return statement;
  };
  statementFor(1); // fails at init on a typo, like the other queries

  return {
    run(rows) {
      for (let start = 0; start < rows.length; ) {
        let size = maxRowsPerStatement;
        while (size > rows.length - start) size /= 2;
        const values: (string | number | null)[] = [];
        // Loops, not push(...row): spreading arguments costs more than the copy itself.
        for (let i = start; i < start + size; i++) for (const value of rows[i]!) values.push(value);
        statementFor(size).run(values);
        start += size;
      }
    },
  };
}
