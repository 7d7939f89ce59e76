-- recordTaskResults: one result's row, repeated by sqlite-queries.ts for many rows a statement.
-- SQLite applies the rows one after another, so when a batch holds a task id twice the later
-- row updates the earlier one: the latest write wins, as with one statement per result.
INSERT INTO task_records
  (task_id, task_name, params, status, run_id, attempts, started_at, finished_at, error, fingerprint)
VALUES
  (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (task_id) DO UPDATE SET
  task_name = excluded.task_name,
  params = excluded.params,
  status = excluded.status,
  run_id = excluded.run_id,
  attempts = excluded.attempts,
  started_at = excluded.started_at,
  finished_at = excluded.finished_at,
  error = excluded.error,
  -- A failed attempt leaves the outputs in place as they were: keep what produced them.
  fingerprint = CASE WHEN excluded.status = 'failed' THEN task_records.fingerprint ELSE excluded.fingerprint END;
