-- recordTaskResults: one row per input the task consumed.
INSERT OR IGNORE INTO task_inputs (task_id, input_id) VALUES (@taskId, @inputId);
