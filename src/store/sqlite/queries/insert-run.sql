-- recordRunStarted: a new run, status running, its first heartbeat its start.
INSERT INTO runs (run_id, root_task_ids, status, started_at, host, pid, heartbeat_at)
VALUES (@runId, @rootTaskIds, 'running', @startedAt, @host, @pid, @startedAt);
