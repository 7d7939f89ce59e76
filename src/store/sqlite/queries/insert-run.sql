-- recordRunStarted: a new run, status running.
INSERT INTO runs (run_id, root_task_ids, status, started_at, host, pid)
VALUES (@runId, @rootTaskIds, 'running', @startedAt, @host, @pid);
