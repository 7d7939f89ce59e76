-- listConsumers: records of the tasks that consumed any of @inputIds (a JSON array).
SELECT r.*,
  (SELECT json_group_array(i2.input_id) FROM task_inputs i2 WHERE i2.task_id = r.task_id) AS inputs
FROM task_records r
WHERE r.task_id IN (
  SELECT i.task_id FROM task_inputs i WHERE i.input_id IN (SELECT value FROM json_each(@inputIds))
)
ORDER BY r.task_id;
