-- recordRunCrashed: only a run still running that has not beaten since the caller looked.
UPDATE runs
SET status = 'crashed', finished_at = heartbeat_at, exit_code = NULL, summary = @summary
WHERE run_id = @runId AND status = 'running' AND heartbeat_at = @heartbeatAt;
