import type Database from "better-sqlite3";
import { listSqlFiles, readSql } from "./read-sql.js";

export interface SqliteMigration {
  /** The number the file name starts with: `001_initial.sql` is 1. */
  readonly id: number;
  /** The file name without `.sql`. */
  readonly name: string;
  readonly sql: string;
}

const migrationFileName = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** The numbered migrations shipped with this version, in the order they apply. */
export function listSqliteMigrations(): SqliteMigration[] {
  const migrations: SqliteMigration[] = [];
  for (const file of listSqlFiles("migrations")) {
    const match = migrationFileName.exec(file);
    if (match?.[1] === undefined) throw new Error(`Migration file ${file} must be named like 002_add_column.sql.`);
    const id = Number(match[1]);
    if (migrations.some((migration) => migration.id === id)) throw new Error(`Two migration files are numbered ${id}.`);
    migrations.push({ id, name: file.slice(0, -".sql".length), sql: readSql(`migrations/${file}`) });
  }
  return migrations;
}

/**
 * Brings the schema up to date: applies, in order, every migration not yet recorded in the
 * `migrations` table. It all runs in one BEGIN IMMEDIATE transaction, so when two processes open
 * a new file at once the second waits for the write lock (busy_timeout), then finds every
 * migration recorded and applies nothing. Throws (a plain Error: the driver wraps it) when the
 * file was migrated by a newer version than this one.
 */
export function migrateSqlite(db: Database.Database): void {
  const migrations = listSqliteMigrations();
  const known = new Set(migrations.map((migration) => migration.id));
  const migrate = db.transaction(() => {
    db.exec(readSql("migrations-table.sql"));
    const applied = db.prepare<[], number>(readSql("queries/list-migrations.sql")).pluck().all();
    const unknown = applied.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new Error(
        `it was migrated by a newer version of Pipewright (migration ${unknown.join(", ")} is unknown here); ` +
          "upgrade Pipewright to use it",
      );
    }
    const record = db.prepare<{ id: number; name: string; appliedAt: number }>(readSql("queries/record-migration.sql"));
    for (const migration of migrations) {
      if (applied.includes(migration.id)) continue;
      db.exec(migration.sql);
      record.run({ id: migration.id, name: migration.name, appliedAt: Date.now() });
    }
  });
  migrate.immediate();
}
