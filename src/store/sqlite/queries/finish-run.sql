-- recordRunFinished: the caller checks changes() to report an unknown run id.
UPDATE runs
SET status = @status, finished_at = @finishedAt, exit_code = @exitCode, summary = @summary
WHERE run_id = @runId;
