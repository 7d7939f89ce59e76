-- getTaskRecords: @taskIds is a JSON array, so any number of ids is one round trip.
-- Each record carries its inputs as a JSON array.
SELECT r.*,
  (SELECT json_group_array(i.input_id) FROM task_inputs i WHERE i.task_id = r.task_id) AS inputs
FROM task_records r
WHERE r.task_id IN (SELECT value FROM json_each(@taskIds));
