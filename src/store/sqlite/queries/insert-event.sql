-- appendEvents: one event's row. sqlite-queries.ts repeats the VALUES row to write up to 64
-- events per statement, in the array's order, so seq (AUTOINCREMENT) follows that order.
INSERT INTO events (run_id, type, task_id, at, data)
VALUES (?, ?, ?, ?, ?);
