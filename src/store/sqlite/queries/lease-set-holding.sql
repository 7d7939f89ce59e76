-- getLease: the set holding @taskId, if any (a task id is in at most one set).
SELECT * FROM lease_sets s
WHERE EXISTS (SELECT 1 FROM json_each(s.task_ids) j WHERE j.value = @taskId)
LIMIT 1;
