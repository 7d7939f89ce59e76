-- recordRunHeartbeat: a run recorded as crashed that beats again was only slow, and runs again.
-- The caller checks changes() and getRun() to tell an unknown run id from a finished run.
UPDATE runs
SET heartbeat_at = @at, status = 'running', finished_at = NULL, summary = NULL
WHERE run_id = @runId AND status IN ('running', 'crashed');
