-- listEvents with a run filter (and no task filter): uses events_run_id (run_id, seq).
SELECT * FROM events WHERE run_id = @runId AND seq > @afterSeq ORDER BY seq LIMIT @limit;
