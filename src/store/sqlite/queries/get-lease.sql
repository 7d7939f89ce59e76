-- getLease, and the holder a refused acquireLease reports.
SELECT * FROM leases WHERE task_id = @taskId;
