-- recordTaskResults: a succeeded result replaces the task's recorded inputs.
DELETE FROM task_inputs WHERE task_id = @taskId;
