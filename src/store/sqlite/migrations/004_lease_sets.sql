-- 004: leases are kept in sets, one row per batch an owner took at once (a JSON array of task
-- ids), instead of one row per task. A run takes and releases its leases in batches of hundreds,
-- and each task's lease cost two b-tree writes and two deletes; now a batch costs one of each,
-- plus rewriting the set's ids as its tasks finish. A task id is in at most one set.
CREATE TABLE lease_sets (
  set_id     INTEGER PRIMARY KEY,
  owner_id   TEXT NOT NULL,
  run_id     TEXT NOT NULL,
  host       TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  task_ids   TEXT NOT NULL -- JSON array of task ids, never empty
);
CREATE INDEX lease_sets_owner_id ON lease_sets (owner_id);
INSERT INTO lease_sets (owner_id, run_id, host, pid, expires_at, task_ids)
  SELECT owner_id, run_id, host, pid, expires_at, json_array(task_id) FROM leases;
DROP TABLE leases;
