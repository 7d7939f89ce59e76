-- acquireLeases: the holders of the leases it was refused. @taskIds is a JSON array.
SELECT * FROM leases WHERE task_id IN (SELECT value FROM json_each(@taskIds));
