-- recordTaskResults: a succeeded result replaces the task's recorded inputs. @taskIds is a
-- JSON array, so a batch's succeeded tasks lose their old inputs in one statement.
DELETE FROM task_inputs WHERE task_id IN (SELECT value FROM json_each(@taskIds));
