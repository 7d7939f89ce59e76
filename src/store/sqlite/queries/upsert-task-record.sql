-- recordTaskResults, once per result inside one transaction: the latest write wins.
INSERT INTO task_records
  (task_id, task_name, params, status, run_id, attempts, started_at, finished_at, error, fingerprint)
VALUES
  (@taskId, @taskName, @params, @status, @runId, @attempts, @startedAt, @finishedAt, @error, @fingerprint)
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
