import Database from "better-sqlite3";

/** How long a call waits for another process's write lock before failing. */
export const busyTimeoutMs = 5_000;

/**
 * A connection to a store's file, set up as every connection of the store needs: waiting up to
 * `busyTimeoutMs` for a lock, and syncing at checkpoints only (`synchronous = NORMAL`, safe in
 * WAL mode). Used by the store's own connection and by its writer thread's.
 */
export function openDatabase(location: string): Database.Database {
  const db = new Database(location, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("synchronous = NORMAL");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
