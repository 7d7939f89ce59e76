-- getTaskRecords: @taskIds is a JSON array, so any number of ids is one round trip.
SELECT * FROM task_records WHERE task_id IN (SELECT value FROM json_each(@taskIds));
