-- 002: which tasks each task consumed, so "what depends on X" is one indexed query.
CREATE TABLE task_inputs (
  task_id  TEXT NOT NULL,
  input_id TEXT NOT NULL,
  PRIMARY KEY (task_id, input_id)
);

CREATE INDEX task_inputs_input_id ON task_inputs (input_id);
