-- recordTaskResults: one (task, input) row, repeated by sqlite-queries.ts for many rows a statement.
INSERT OR IGNORE INTO task_inputs (task_id, input_id) VALUES (?, ?);
