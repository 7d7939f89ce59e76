-- listEvents with a task filter, and optionally a run filter: uses events_task_id (task_id, seq).
SELECT * FROM events
WHERE task_id = @taskId AND (@runId IS NULL OR run_id = @runId) AND seq > @afterSeq
ORDER BY seq LIMIT @limit;
