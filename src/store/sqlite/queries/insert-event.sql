-- appendEvents, once per event inside one transaction: seq comes from AUTOINCREMENT.
INSERT INTO events (run_id, type, task_id, at, data)
VALUES (@runId, @type, @taskId, @at, @data);
