-- getRun
SELECT * FROM runs WHERE run_id = @runId;
